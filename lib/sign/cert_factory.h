// Making keys, certificates and PKCS#12 files: behind MakeDevIdentity, and used by the tests to
// build throwaway PKIs (expired signers, foreign intermediates, legacy .p12 files). Nothing here
// is used to sign a real pass.
#ifndef PKPASS_SIGN_CERT_FACTORY_H_
#define PKPASS_SIGN_CERT_FACTORY_H_

#include <cstdint>
#include <string>
#include <utility>
#include <vector>

#include "pkpass/status.h"
#include "util/openssl_ptr.h"

namespace pkpass {

struct CertSpec {
  // Subject entries in order, by short name: {"CN", "..."}, {"UID", "..."}, {"OU", "..."}.
  std::vector<std::pair<std::string, std::string>> subject;
  std::int64_t not_before = 0;  // seconds since the Unix epoch
  std::int64_t not_after = 0;
  bool is_ca = false;
  // Adds Apple's pass-signing extended key usage (1.2.840.113635.100.4.14), as real Pass Type
  // ID certificates carry.
  bool pass_signing_usage = false;
  // The subject key identifier as OpenSSL's configuration gives it: "hash" (of the key), or
  // colon-separated hex bytes, as a test intermediate takes an Apple intermediate's.
  std::string subject_key_id = "hash";
  // More extensions, by OID and OpenSSL's configuration value ("ASN1:UTF8String:pass.com.x").
  std::vector<std::pair<std::string, std::string>> extensions = {};
};

Result<UniqueEvpPkey> GenerateRsaKey(int bits);
Result<UniqueEvpPkey> GenerateEcKey();  // P-256

// Returns a certificate for `subject_key` issued by `issuer` with `issuer_key`; a self-signed
// one when `issuer` is nullptr. Signed with SHA-256.
Result<UniqueX509> IssueCertificate(const CertSpec& spec, EVP_PKEY* subject_key,
                                    const X509* issuer, EVP_PKEY* issuer_key);

// Returns a certificate for the key of the PEM certificate request `csr_pem`, whose own
// signature must verify, issued as IssueCertificate does (the request's subject is not used:
// `spec` gives it, as Apple's portal sets its own). kInvalidArgument for a request that does not
// parse or verify.
Result<UniqueX509> IssueFromRequest(const CertSpec& spec, std::string_view csr_pem, const X509* issuer,
                                    EVP_PKEY* issuer_key);

std::string CertificateToPem(const X509* cert);
std::string CertificateToDer(const X509* cert);

// Returns the key as PKCS#8 PEM, encrypted with AES-256-CBC when `password` is non-empty.
Result<std::string> PrivateKeyToPem(EVP_PKEY* key, std::string_view password);

// Returns a PKCS#12 file holding `cert` and `key` under `password`: modern (PBES2 with
// AES-256-CBC, the OpenSSL 3 default) or legacy (RC2-40 for the certificate, 3DES for the key,
// SHA-1 MAC, as macOS Keychain exports).
Result<std::string> MakePkcs12(const X509* cert, EVP_PKEY* key, std::string_view password,
                               bool legacy);

}  // namespace pkpass

#endif  // PKPASS_SIGN_CERT_FACTORY_H_
