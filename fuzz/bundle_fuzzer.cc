// Fuzzes .pkpasses bundles: an input is verified as a bundle (VerifyBundle, with the fuzzing
// identity's root as the trust root when PKPASS_FUZZ_TRUST_ROOT names it), and given to MakeBundle
// as a pass, alone and twice, which must refuse what Verify refuses.
#include <cstddef>
#include <cstdint>
#include <cstdlib>
#include <fstream>
#include <sstream>
#include <string>

#include "pkpass/prepared_pass.h"
#include "pkpass/verify.h"

extern "C" int LLVMFuzzerTestOneInput(const std::uint8_t* data, std::size_t size) {
  static const pkpass::VerifyOptions options = [] {
    pkpass::VerifyOptions o;
    const char* root = std::getenv("PKPASS_FUZZ_TRUST_ROOT");
    std::ifstream in(root != nullptr ? root : "");
    std::stringstream pem;
    pem << in.rdbuf();
    o.trust_root_pem = pem.str();
    o.skip_chain_check = o.trust_root_pem.empty();
    return o;
  }();
  const std::string input(reinterpret_cast<const char*>(data), size);
  pkpass::Diagnostics diags;
  (void)pkpass::VerifyBundle(input, options, diags);
  pkpass::Diagnostics pass;
  pkpass::VerifyOptions signature_only;
  signature_only.skip_chain_check = true;
  const bool valid = pkpass::Verify(input, signature_only, pass).ok();
  const bool bundled = pkpass::MakeBundle({{"a.pkpass", input}}, 0).ok();
  if (bundled && !valid) std::abort();  // a bundle of a pass Verify refuses
  if (pkpass::MakeBundle({{"a.pkpass", input}, {"b.pkpass", input}}, 0).ok()) std::abort();  // one pass twice
  return 0;
}
