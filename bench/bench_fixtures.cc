#include "bench_fixtures.h"

#include <cstdlib>
#include <iostream>

namespace pkpass::bench {

std::string Overrides(int serial) {
  return R"({"serialNumber": "VT-)" + std::to_string(serial) + R"(", "sharingProhibited": true,
    "fields": [{"key": "name", "label": "Name", "value": "Fi-Lin,Chen"},
               {"key": "level", "value": "GOLD"}],
    "barcode": {"message": "1234567890", "altText": "1234567890"}})";
}

const Model& CoffeeModel() {
  static const Model model = [] {
    Diagnostics diags;
    Result<Model> loaded = Model::Load(PKPASS_SOURCE_DIR "/fixtures/models/coffee.pass", diags);
    if (!loaded.ok()) {
      std::cerr << loaded.status().ToString() << "\n" << FormatText(diags);
      std::abort();
    }
    return *loaded;
  }();
  return model;
}

const Signer& DevSigner() {
  static const Signer signer = [] {
    Result<DevIdentity> identity = MakeDevIdentity({});
    Result<Signer> loaded = identity.ok() ? Signer::FromPem(identity->signer_cert_pem,
                                                            identity->signer_key_pem,
                                                            identity->wwdr_pem)
                                          : Result<Signer>(identity.status());
    if (!loaded.ok()) {
      std::cerr << loaded.status().ToString() << "\n";
      std::abort();
    }
    return *loaded;
  }();
  return signer;
}

}  // namespace pkpass::bench
