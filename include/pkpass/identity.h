// A signing identity from Apple's portal, without a Mac: a key and a certificate request to
// upload (MakeIdentityRequest), the certificate Apple gives back made into files `build` takes
// (ImportIdentity), and every check `build` makes of an identity, with its expiry, for
// monitoring (CheckIdentity). Each refusal names its cause and what to do.
#ifndef PKPASS_IDENTITY_H_
#define PKPASS_IDENTITY_H_

#include <cstdint>
#include <string>
#include <string_view>
#include <vector>

#include "pkpass/export.h"
#include "pkpass/signer.h"
#include "pkpass/status.h"

namespace pkpass {

struct IdentityRequestOptions {
  std::string pass_type_identifier;  // "pass.com.example.coffee", as registered in the portal
  std::string team_identifier;       // "ABCDE12345"
  std::string email;                 // optional, as Keychain Access puts it in a request
  // The password the key is encrypted with (AES-256-CBC, PKCS#8). Required: the key is never
  // written in the clear.
  std::string key_password;
};

struct IdentityRequest {
  std::string key_pem;  // RSA-2048, PKCS#8, encrypted under the options' password
  std::string csr_pem;  // PKCS#10, SHA-256, signed by the key: upload it to the portal
};

// Makes an RSA-2048 key and a certificate request for it whose subject names the pass type
// (CN), the team (OU) and the e-mail address when given; Apple's portal sets the certificate's
// own subject. kInvalidArgument for an identifier that is not "pass." and reverse DNS, a team
// identifier that is not 10 letters and digits, or no password; kCryptoError when OpenSSL fails.
PKPASS_EXPORT Result<IdentityRequest> MakeIdentityRequest(const IdentityRequestOptions& options);

// Writes `request` into the folder `dir` (created when missing): key.pem with mode 0600 from its
// first byte, and request.certSigningRequest, the name Keychain Access gives. kIoError with the
// system's reason.
PKPASS_EXPORT Status WriteIdentityRequest(const IdentityRequest& request, const std::string& dir);

// What is known of an identity's WWDR intermediate, from its key identifier.
struct WwdrReport {
  std::string key_id;      // lowercase hex of the certificate's authority key identifier
  std::string generation;  // "G4", "G1", ...; empty when it is none of Apple's pkpass knows
  std::string url;         // where Apple publishes it; empty when unknown
};

struct ImportOptions {
  std::string key_password;  // the password of key.pem
  // The WWDR certificate (PEM or DER), optional: when given, it must be the one that issued the
  // certificate, and ImportIdentity checks the whole identity as build loads it.
  std::string wwdr;
  // Also make a PKCS#12 file (PBES2, AES-256) of the certificate and key under this password.
  bool make_p12 = false;
  std::string p12_password;
};

struct ImportedIdentity {
  std::string certificate_pem;
  std::string wwdr_pem;  // when ImportOptions::wwdr was given
  std::string p12;       // when ImportOptions::make_p12
  std::string pass_type_identifier;
  std::string team_identifier;
  std::int64_t not_after = 0;  // seconds since the Unix epoch
  WwdrReport wwdr;
};

// Takes the certificate Apple's portal gives for a request (`certificate`: pass.cer, DER, or PEM)
// and the key the request was made with (`key_pem`). Checks that it is a Pass Type ID certificate
// (UID and OU in its subject; not an app's push certificate), that the key is its key (else the
// certificate was made from another request), that it is valid now, and names the WWDR
// intermediate that issued it by its key identifier. kInvalidArgument naming the problem and what
// to do; kCryptoError for a wrong password.
PKPASS_EXPORT Result<ImportedIdentity> ImportIdentity(std::string_view certificate, std::string_view key_pem,
                                                      const ImportOptions& options);

// Writes `identity` into the folder `dir` (created when missing): certificate.pem, and wwdr.pem
// when it has one. Its PKCS#12 is the caller's to write where it is wanted (with mode 0600:
// kSecretFileMode, pkpass/files.h). kIoError with the system's reason.
PKPASS_EXPORT Status WriteImportedIdentity(const ImportedIdentity& identity, const std::string& dir);

struct IdentityCheck {
  bool ok = false;
  std::string error;  // why not, when !ok: the message build would give
  // When ok: what the identity is, and its time left.
  std::string pass_type_identifier;
  std::string team_identifier;
  std::int64_t not_after = 0;
  std::int64_t days_left = 0;  // whole days from `now` to not_after
  WwdrReport wwdr;
  std::int64_t wwdr_not_after = 0;
  std::vector<std::string> warnings;  // expiring within the warning days; a WWDR not for passes
};

// Loads `files` as build does (Signer::FromFiles: every check at load) and reports the outcome at
// `now` (seconds since the Unix epoch): a warning when the certificate or the WWDR expires within
// `warn_days` days.
PKPASS_EXPORT IdentityCheck CheckIdentity(const Signer::Files& files, std::int64_t now, int warn_days = 30);

}  // namespace pkpass

#endif  // PKPASS_IDENTITY_H_
