#!/usr/bin/env node
// A payconform candidate adapter around iyzico's official Node SDK, the npm package iyzipay
// (pinned in package.json). It speaks payconform.candidate/v2 (docs/candidate-protocol.md), one
// JSON request per line on stdin and one JSON answer per line on stdout, and offers a session.
//
//   (cd candidates/examples/iyzipay-node && npm ci)
//   PAYCONFORM_CANDIDATE_DIR=candidates/examples/iyzipay-node make certify CANDIDATE='node adapter.js'
//
// iyzico.bin_check goes through the SDK as a merchant would call it: new Iyzipay({apiKey,
// secretKey, uri}).binNumber.retrieve(request, callback). The callback receives only the parsed
// body, never the status or the Content-Type, so the adapter judges success from the body, as
// the SDK's own users must.
//
// iyzico.sign is unsupported: the SDK signs JSON.stringify(body) of a request object
// (lib/utils.js generateHashV2), so it cannot sign a given string of bytes, which is what the
// signing vectors are.
'use strict';

const readline = require('readline');
const Iyzipay = require('iyzipay');
const sdkVersion = require('iyzipay/package.json').version;

const OPERATIONS = ['iyzico.bin_check'];

function ok(output) { return { ok: true, output }; }
function fail(code, message) { return { ok: false, error: { code: String(code), message: message || '' } }; }

function binCheck(req) {
  return new Promise((resolve) => {
    const iyzipay = new Iyzipay({
      apiKey: req.credentials.api_key,
      secretKey: req.credentials.secret_key,
      uri: req.base_url,
    });
    iyzipay.binNumber.retrieve(req.input, (err, result) => {
      if (err) {
        resolve(fail('TRANSPORT', err.message));
      } else if (result === null || typeof result !== 'object' || Array.isArray(result)) {
        resolve(fail('MALFORMED_RESPONSE', 'the SDK did not return an object'));
      } else if (result.status === 'success') {
        resolve(ok(result));
      } else {
        resolve(fail(result.errorCode === undefined || result.errorCode === null ? 'FAILURE' : result.errorCode, result.errorMessage));
      }
    });
  });
}

async function handle(req) {
  switch (req.operation) {
    case 'describe':
      return ok({ name: 'iyzipay-node', version: sdkVersion, language: 'javascript', operations: OPERATIONS, session: true });
    case 'iyzico.bin_check':
      return binCheck(req);
    default:
      return { ok: false, unsupported: true };
  }
}

const lines = readline.createInterface({ input: process.stdin, terminal: false });
let queue = Promise.resolve();
lines.on('line', (line) => {
  if (!line.trim()) return;
  queue = queue.then(async () => {
    let answer;
    let req = {};
    try {
      req = JSON.parse(line);
      answer = await handle(req);
    } catch (e) {
      answer = fail('ADAPTER', e.message);
    }
    if (req.id !== undefined) answer.id = req.id; // protocol v2: every answer echoes its request's id
    process.stdout.write(JSON.stringify(answer) + '\n');
  });
});
