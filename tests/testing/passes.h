// Passes for the verify and tamper tests: ours, built with the test PKI, and signatures made
// independently by the openssl command line, as `openssl smime` + `zip` pipelines make them.
#ifndef PKPASS_TESTS_TESTING_PASSES_H_
#define PKPASS_TESTS_TESTING_PASSES_H_

#include <string>

#include "pkpass/model.h"

namespace pkpass::testing {

// Returns the coffee model built with no overrides, signed by the test PKI's signer at
// 2023-11-14 22:13:20 UTC (1700000000).
std::string CoffeePass(Digest digest = Digest::kSha256);

// Returns a detached DER signature of `manifest` made by `openssl smime -sign -binary` with the
// certificate PkiDir()/<signer_file>, the test PKI's key, and the chain PkiDir()/<chain_file>;
// `extra` is added to the command line (e.g. "-md sha1", "-noattr"). Fails the test when
// openssl does.
std::string OpenSslSign(const std::string& manifest, const std::string& signer_file,
                        const std::string& chain_file, const std::string& extra = "");

}  // namespace pkpass::testing

#endif  // PKPASS_TESTS_TESTING_PASSES_H_
