// Fuzzes verification of an untrusted .pkpass: the archive reader, the manifest, the CMS
// signature and the validator on what is inside. PKPASS_FUZZ_TRUST_ROOT may name a PEM file to
// check chains against (the corpus script's development identity); without it chains are not
// checked, which skips only the X509 path building.
#include <cstddef>
#include <cstdint>
#include <cstdlib>
#include <fstream>
#include <iterator>
#include <string>
#include <string_view>

#include "pkpass/verify.h"

namespace {

pkpass::VerifyOptions Options() {
  pkpass::VerifyOptions options;
  if (const char* root = std::getenv("PKPASS_FUZZ_TRUST_ROOT")) {
    std::ifstream in(root, std::ios::binary);
    if (!in) std::abort();
    options.trust_root_pem.assign(std::istreambuf_iterator<char>(in), {});
  } else {
    options.skip_chain_check = true;
  }
  return options;
}

}  // namespace

extern "C" int LLVMFuzzerTestOneInput(const std::uint8_t* data, std::size_t size) {
  static const pkpass::VerifyOptions options = Options();
  pkpass::Diagnostics diags;
  const pkpass::Status status =
      pkpass::Verify(std::string_view(reinterpret_cast<const char*>(data), size), options, diags);
  // An invalid pass always says why.
  if (!status.ok() && diags.error_count() == 0) std::abort();
  return 0;
}
