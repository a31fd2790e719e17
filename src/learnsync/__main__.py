from learnsync.cli import main

main()
