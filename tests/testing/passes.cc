#include "testing/passes.h"

#include <gtest/gtest.h>

#include "pkpass/model.h"
#include "pkpass/signer.h"
#include "testing/files.h"
#include "testing/test_pki.h"

namespace pkpass::testing {

std::string CoffeePass(Digest digest) {
  Result<Signer> signer = Signer::FromPem(Pki().signer_pem, Pki().signer_key_pem, Pki().wwdr_pem);
  Diagnostics diags;
  Result<Model> model = Model::Load(ModelDir("coffee.pass"), diags);
  if (!signer.ok() || !model.ok()) {
    ADD_FAILURE() << "cannot load the coffee model or the test signer";
    return "";
  }
  Result<std::string> pkpass =
      model->Build("", *signer, {.digest = digest, .timestamp = 1700000000}, diags);
  if (!pkpass.ok()) {
    ADD_FAILURE() << pkpass.status().message();
    return "";
  }
  return *pkpass;
}

std::string OpenSslSign(const std::string& manifest, const std::string& signer_file,
                        const std::string& chain_file, const std::string& extra) {
  const std::string dir = MakeTempDir("smime");
  WriteFile(dir + "/manifest.json", manifest);
  const CommandResult r = RunCommand(
      "openssl smime -sign -binary -outform DER -in " + dir + "/manifest.json -signer " +
      PkiDir() + "/" + signer_file + " -inkey " + PkiDir() + "/signer.key -certfile " + PkiDir() +
      "/" + chain_file + " -out " + dir + "/signature " + extra);
  EXPECT_EQ(r.exit_code, 0) << r.out;
  return ReadFile(dir + "/signature");
}

}  // namespace pkpass::testing
