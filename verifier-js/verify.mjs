#!/usr/bin/env node
// Independent verifier of Open Badges 3.0 / VC 2.0 credentials signed with a Data Integrity
// `eddsa-rdfc-2022` proof, built on digitalbazaar's libraries (not on Jalons' Python code).
// Offline: JSON-LD documents come only from the contexts bundled in
// ../badges/data/contexts/ (index.json) and from the documents given on the command line;
// any other URL is refused (fail closed).
//
//   node verify.mjs CREDENTIAL.json [DOCUMENTS.json]     one credential ("-" reads stdin)
//   node verify.mjs --batch CHECKS.json                  [{credential, documents}, …] ("-": stdin)
//
// DOCUMENTS.json maps URLs to JSON-LD documents: the verification method
// ({"@context": "https://w3id.org/security/multikey/v1", "id": "<issuer>#z6Mk…",
// "type": "Multikey", "controller": "<issuer>", "publicKeyMultibase": "z6Mk…"}) and the
// issuer's controller document (listing the method under "assertionMethod"), plus, when the
// credential has a BitstringStatusListEntry, its status list credential.
//
// Embedded OB 3.0 EndorsementCredentials (the credential's "endorsement" and its
// achievement's "endorsement") are verified too, each on its own with its own proof (the
// outer proof only covers their bytes): DOCUMENTS.json must then also hold their issuers'
// documents. The credential verifies only if every embedded endorsement does, except an
// endorsement that its author withdrew (correctly signed, its bit set in its revocation
// status list): it is reported "revoked": true, and the badge itself stays valid.
//
// A VC 2.0 EnvelopedVerifiableCredential holding a VC-JWT ("id":
// "data:application/vc+jwt,<compact JWS>"), as Jalons' portfolio records wrap a badge that
// another organisation signed as a JWT, is verified as that JWT: its EdDSA signature with
// the key its header's "kid" names (a did:key, or a Multikey document in DOCUMENTS.json),
// which must be its issuer's, and its "nbf"/"exp" times. Other algorithms are reported
// unverified (fail closed).
//
// Prints {"verified": bool, "errors": [string], "status": …} (an array of them with
// --batch), plus "endorsements": [{"id", "issuer", "verified", "revoked", "errors"}] when
// the credential embeds some, and exits 0 when everything verified, 1 otherwise, 2 on a
// usage error.

import {readFileSync} from 'node:fs';
import {dirname, join} from 'node:path';
import {fileURLToPath} from 'node:url';
import {gunzipSync} from 'node:zlib';

import * as vc from '@digitalbazaar/vc';
import * as Ed25519Multikey from '@digitalbazaar/ed25519-multikey';
import {DataIntegrityProof} from '@digitalbazaar/data-integrity';
import {cryptosuite as eddsaRdfc2022CryptoSuite} from '@digitalbazaar/eddsa-rdfc-2022-cryptosuite';

const here = dirname(fileURLToPath(import.meta.url));
const contextsDir = join(here, '..', 'badges', 'data', 'contexts');

function readJson(path) {
  const text = path === '-' ? readFileSync(0, 'utf8') : readFileSync(path, 'utf8');
  return JSON.parse(text);
}

function loadContexts() {
  const index = readJson(join(contextsDir, 'index.json'));
  const contexts = new Map();
  for(const [url, file] of Object.entries(index)) {
    contexts.set(url, readJson(join(contextsDir, file)));
  }
  return contexts;
}

const CONTEXTS = loadContexts();

function makeDocumentLoader(documents = {}) {
  const extra = new Map(Object.entries(documents));
  return async url => {
    const document = CONTEXTS.get(url) ?? extra.get(url);
    if(document === undefined) {
      throw new Error(`Document not allowed (offline verifier, fail closed): ${url}`);
    }
    return {contextUrl: null, documentUrl: url, document: structuredClone(document)};
  };
}

function bitIsSet(encodedList, index) {
  // Multibase base64url ("u" prefix), GZIP-compressed; bit 0 is the leftmost bit.
  const bytes = gunzipSync(Buffer.from(encodedList.replace(/^u/, ''), 'base64url'));
  const byte = bytes[Math.floor(index / 8)];
  if(byte === undefined) {
    throw new Error(`Status list index ${index} is out of range.`);
  }
  return ((byte >> (7 - (index % 8))) & 1) === 1;
}

function makeCheckStatus(suite, documentLoader) {
  return async ({credential}) => {
    const entries = [].concat(credential.credentialStatus);
    const checked = [];
    for(const entry of entries) {
      if(entry?.type !== 'BitstringStatusListEntry') {
        checked.push({type: entry?.type, checked: false});
        continue;
      }
      let list;
      try {
        ({document: list} = await documentLoader(entry.statusListCredential));
      } catch(error) {
        checked.push({type: entry.type, checked: false});
        continue;
      }
      const listResult = await vc.verifyCredential({credential: list, suite, documentLoader});
      if(!listResult.verified) {
        return {verified: false, error: new Error('The status list credential does not verify.')};
      }
      const set = bitIsSet(list.credentialSubject.encodedList, Number(entry.statusListIndex));
      checked.push({type: entry.type, checked: true, purpose: entry.statusPurpose, set});
      if(set) {
        return {verified: false, checked, error: new Error(
          `The credential is marked in its status list (${entry.statusPurpose}).`)};
      }
    }
    return {verified: true, checked};
  };
}

function errorMessages(result) {
  const messages = [];
  const add = error => {
    if(!error) {
      return;
    }
    if(Array.isArray(error.errors)) {
      error.errors.forEach(add);
    } else if(Array.isArray(error)) {
      error.forEach(add);
    } else {
      messages.push(String(error.message ?? error));
    }
  };
  add(result.error);
  for(const item of result.results ?? []) {
    add(item.error);
  }
  add(result.statusResult?.error);
  return [...new Set(messages)];
}

function embeddedEndorsements(credential) {
  // The credential's own endorsements, then its achievement's (OB 3.0).
  const isEndorsement = item => item !== null && typeof item === 'object' &&
    [].concat(item.type ?? []).includes('EndorsementCredential');
  const found = [].concat(credential?.endorsement ?? []);
  for(const subject of [].concat(credential?.credentialSubject ?? [])) {
    found.push(...[].concat(subject?.achievement?.endorsement ?? []));
  }
  return found.filter(isEndorsement);
}

async function verifyEndorsement(endorsement, suite, documentLoader) {
  const issuer = typeof endorsement.issuer === 'string' ?
    endorsement.issuer : endorsement.issuer?.id ?? null;
  try {
    const result = await vc.verifyCredential({
      credential: endorsement,
      suite,
      documentLoader,
      checkStatus: makeCheckStatus(suite, documentLoader),
    });
    const errors = result.verified ? [] : errorMessages(result);
    if(!result.verified && errors.length === 0) {
      errors.push('The endorsement did not verify.');
    }
    // Withdrawn by its author: its signature holds, its revocation bit is set.
    const revoked = (result.statusResult?.checked ?? []).some(
      entry => entry.set === true && entry.purpose === 'revocation');
    return {id: endorsement.id ?? null, issuer, verified: result.verified === true, revoked,
      errors};
  } catch(error) {
    return {id: endorsement.id ?? null, issuer, verified: false, revoked: false,
      errors: [String(error?.message ?? error)]};
  }
}

const ENVELOPED_JWT = ['data:application/vc+jwt,', 'data:application/vc+ld+json+jwt,'];

function envelopedToken(credential) {
  if(![].concat(credential?.type ?? []).includes('EnvelopedVerifiableCredential') ||
    typeof credential?.id !== 'string') {
    return null;
  }
  const prefix = ENVELOPED_JWT.find(start => credential.id.startsWith(start));
  return prefix === undefined ? null : credential.id.slice(prefix.length);
}

function decodePart(part) {
  return JSON.parse(Buffer.from(part, 'base64url').toString('utf8'));
}

async function verifyEnvelopedJwt(token, documents = {}) {
  const unverified = error => ({verified: false, errors: [error], status: null, enveloped: true});
  const parts = token.trim().split('.');
  if(parts.length !== 3) {
    return unverified('The enveloped credential is not a compact JWS.');
  }
  const [header, payload] = [decodePart(parts[0]), decodePart(parts[1])];
  if(header.alg !== 'EdDSA') {
    return unverified(`Unsupported JWS algorithm (this verifier checks EdDSA): ${header.alg}`);
  }
  const kid = String(header.kid ?? '');
  let method;
  if(kid.startsWith('did:key:')) {
    const did = kid.split('#')[0];
    method = {id: kid, controller: did, publicKeyMultibase: did.slice('did:key:'.length)};
  } else {
    method = documents[kid];
  }
  if(!method?.publicKeyMultibase) {
    return unverified(`The signing key is unknown (offline verifier, fail closed): ${kid}`);
  }
  const credential = payload.vc ?? payload;
  const issuer = typeof credential.issuer === 'string' ?
    credential.issuer : credential.issuer?.id;
  if(method.controller !== issuer || (payload.iss !== undefined && payload.iss !== issuer)) {
    return unverified('The signing key is not its issuer\'s.');
  }
  const key = await Ed25519Multikey.from({
    type: 'Multikey', id: method.id, controller: method.controller,
    publicKeyMultibase: method.publicKeyMultibase,
  });
  const verified = await key.verifier().verify({
    data: new TextEncoder().encode(`${parts[0]}.${parts[1]}`),
    signature: new Uint8Array(Buffer.from(parts[2], 'base64url')),
  });
  if(!verified) {
    return unverified('The JWS signature does not verify.');
  }
  const now = Date.now() / 1000;
  if(payload.exp !== undefined && payload.exp < now) {
    return unverified('The credential has expired ("exp").');
  }
  if(payload.nbf !== undefined && payload.nbf > now + 60) {
    return unverified('The credential is not valid yet ("nbf").');
  }
  return {verified: true, errors: [], status: null, enveloped: true};
}

async function verifyOne({credential, documents}) {
  try {
    const token = envelopedToken(credential);
    if(token !== null) {
      return await verifyEnvelopedJwt(token, documents);
    }
    const documentLoader = makeDocumentLoader(documents);
    const suite = new DataIntegrityProof({cryptosuite: eddsaRdfc2022CryptoSuite});
    const result = await vc.verifyCredential({
      credential,
      suite,
      documentLoader,
      checkStatus: makeCheckStatus(suite, documentLoader),
    });
    const errors = result.verified ? [] : errorMessages(result);
    if(!result.verified && errors.length === 0) {
      errors.push('The credential did not verify.');
    }
    const answer = {
      verified: result.verified === true,
      errors,
      status: result.statusResult?.checked ?? null,
    };
    const embedded = embeddedEndorsements(credential);
    if(embedded.length > 0) {
      answer.endorsements = [];
      for(const endorsement of embedded) {
        const checked = await verifyEndorsement(endorsement, suite, documentLoader);
        answer.endorsements.push(checked);
        if(!checked.verified && !checked.revoked) {
          answer.verified = false;
          answer.errors.push(
            `Embedded endorsement ${checked.id ?? '(no id)'}: ${checked.errors.join('; ')}`);
        }
      }
    }
    return answer;
  } catch(error) {
    return {verified: false, errors: [String(error?.message ?? error)], status: null};
  }
}

async function main(argv) {
  if(argv[0] === '--batch' && argv.length === 2) {
    const checks = readJson(argv[1]);
    const results = [];
    for(const check of checks) {
      results.push(await verifyOne(check));
    }
    process.stdout.write(JSON.stringify(results) + '\n');
    return results.every(result => result.verified) ? 0 : 1;
  }
  if(argv.length < 1 || argv.length > 2 || argv[0].startsWith('--')) {
    process.stderr.write(
      'usage: node verify.mjs CREDENTIAL.json [DOCUMENTS.json] | --batch CHECKS.json\n');
    return 2;
  }
  const credential = readJson(argv[0]);
  const documents = argv[1] ? readJson(argv[1]) : {};
  const result = await verifyOne({credential, documents});
  process.stdout.write(JSON.stringify(result) + '\n');
  return result.verified ? 0 : 1;
}

process.exitCode = await main(process.argv.slice(2));
