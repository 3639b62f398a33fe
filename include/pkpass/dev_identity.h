// A throwaway development identity: a root CA, a "WWDR" intermediate it issued, and a Pass Type ID
// certificate with UID and OU issued by that intermediate, with its RSA key. For demos and tests
// only: Wallet trusts none of it. Thread-safe (no shared state).
#ifndef PKPASS_DEV_IDENTITY_H_
#define PKPASS_DEV_IDENTITY_H_

#include <cstdint>
#include <string>

#include "pkpass/export.h"
#include "pkpass/status.h"

namespace pkpass {

struct DevIdentityOptions {
  std::string pass_type_identifier = "pass.dev.pkpass.sample";
  std::string team_identifier = "DEVTEAM001";
  // Validity of all three certificates, in seconds since the Unix epoch.
  // Default: 2020-01-01T00:00:00Z to 2040-01-01T00:00:00Z.
  std::int64_t not_before = 1577836800;
  std::int64_t not_after = 2208988800;
  // When non-empty, the signer key PEM is encrypted (AES-256-CBC) with this passphrase.
  std::string key_password;
};

struct DevIdentity {
  std::string root_pem;         // self-signed root, the trust anchor for verification
  std::string wwdr_pem;         // intermediate, issued by the root
  std::string signer_cert_pem;  // Pass Type ID certificate, issued by the intermediate
  std::string signer_key_pem;   // RSA-2048 private key, PKCS#8
};

// Returns a new identity with fresh keys. kCryptoError when OpenSSL fails.
PKPASS_EXPORT Result<DevIdentity> MakeDevIdentity(const DevIdentityOptions& options);

// Writes `identity` into the folder `dir` (created when missing): root.pem, wwdr.pem, signer.pem
// and signer.key, the key with mode 0600 from its first byte (pkpass/files.h). kIoError with the
// system's reason.
PKPASS_EXPORT Status WriteDevIdentity(const DevIdentity& identity, const std::string& dir);

}  // namespace pkpass

#endif  // PKPASS_DEV_IDENTITY_H_
