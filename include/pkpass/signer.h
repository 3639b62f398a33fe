// Signer: a Pass Type ID certificate, its private key and the WWDR intermediate that issued it.
// Loaded once and immutable afterwards; copies share the parsed key. Its const methods are safe to
// call from several threads at once.
#ifndef PKPASS_SIGNER_H_
#define PKPASS_SIGNER_H_

#include <cstdint>
#include <memory>
#include <string>
#include <string_view>

#include "pkpass/export.h"
#include "pkpass/status.h"

namespace pkpass {

class Internals;

class PKPASS_EXPORT Signer {
 public:
  // Loads a PEM certificate, a PEM private key (encrypted with `key_password` when it is
  // encrypted; never prompted for) and the WWDR certificate in PEM or DER. Checks that the key
  // matches the certificate, that both certificates are valid now, and that the WWDR issued the
  // certificate. `wwdr` holds that one certificate: a file of several is refused rather than one
  // taken by chance. Each refusal is a Status with a message naming its cause: kInvalidArgument
  // for a malformed input, a failed check or a missing password, kCryptoError for a wrong one.
  static Result<Signer> FromPem(std::string_view cert_pem, std::string_view key_pem,
                                std::string_view wwdr, std::string_view key_password = {});

  // Loads a PKCS#12 file (modern PBES2/AES, or the legacy RC2/3DES encryption macOS exports) and
  // the WWDR certificate, with the checks of FromPem. A wrong password is kCryptoError.
  static Result<Signer> FromPkcs12(std::string_view p12, std::string_view password,
                                   std::string_view wwdr);

  // The files of an identity, as a tool or a server configures them: the WWDR certificate and
  // either a PEM certificate and key or a PKCS#12 file, and the password of the key or the
  // PKCS#12 ("" for none).
  struct Files {
    std::string wwdr;
    std::string cert, key;  // PEM files
    std::string p12;        // or a PKCS#12 file
    std::string password;
  };
  // Reads `files` (each noted as an input of this run, pkpass/files.h) and loads them as FromPem
  // or FromPkcs12 does. kInvalidArgument when neither or both forms are named; the readers' and
  // the loaders' errors otherwise.
  static Result<Signer> FromFiles(const Files& files);

  // The certificate subject's UID: the pass type identifier, e.g. "pass.com.example.coffee".
  const std::string& pass_type_identifier() const;
  // The certificate subject's OU: the team identifier, e.g. "ABCDE12345".
  const std::string& team_identifier() const;
  // The certificate's validity, in seconds since the Unix epoch.
  std::int64_t not_before() const;
  std::int64_t not_after() const;

  // Makes the identity the TLS client identity of `ssl_ctx`, an OpenSSL `SSL_CTX*` (void* so that
  // this header needs no OpenSSL): the certificate and key, with the WWDR certificate as its
  // chain. This is how APNs takes a Pass Type ID certificate. The key stays in memory.
  // kCryptoError when OpenSSL refuses.
  Status UseAsTlsClient(void* ssl_ctx) const;

  struct Impl;  // internal: the parsed identity, defined in lib/sign/

 private:
  friend class Internals;  // lib/internals.h: the library's one way in
  explicit Signer(std::shared_ptr<const Impl> impl) : impl_(std::move(impl)) {}
  std::shared_ptr<const Impl> impl_;
};

// A throwaway development identity: a root CA, a "WWDR" intermediate it issued, and a Pass Type ID
// certificate with UID and OU issued by that intermediate, with its RSA key. For demos and tests
// only: Wallet trusts none of it. Thread-safe (no shared state).
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

#endif  // PKPASS_SIGNER_H_
