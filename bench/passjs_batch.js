// The same batch as `pkpass-build batch -j 1`, made with @walletpass/pass-js: one pass per NDJSON
// record (serialNumber, the "name" field's value, the barcode message) from the model folder,
// each written to OUT/<serial>.pkpass. bench/run.sh runs it when pass-js can be loaded.
// Usage: node bench/passjs_batch.js MODEL RECORDS OUT CERT.pem KEY.pem
'use strict';
const fs = require('fs');
const path = require('path');
const { Template } = require('@walletpass/pass-js');

async function main() {
  const [model, records, out, cert, key] = process.argv.slice(2);
  const template = await Template.load(model);
  template.setCertificate(fs.readFileSync(cert, 'utf8'));
  template.setPrivateKey(fs.readFileSync(key, 'utf8'));
  const lines = fs.readFileSync(records, 'utf8').split('\n').filter((l) => l.length > 0);
  for (const line of lines) {
    const record = JSON.parse(line);
    const pass = template.createPass({ serialNumber: record.serialNumber });
    for (const field of record.fields || []) pass.primaryFields.setValue(field.key, field.value);
    if (record.barcode) {
      pass.barcodes = [{ format: 'PKBarcodeFormatQR', message: record.barcode.message,
                         messageEncoding: 'iso-8859-1' }];
    }
    fs.writeFileSync(path.join(out, record.serialNumber + '.pkpass'), await pass.asBuffer());
  }
}

main().catch((e) => {
  console.error(e);
  process.exit(1);
});
