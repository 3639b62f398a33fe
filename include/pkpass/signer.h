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

  struct Impl;  // internal: the parsed identity, defined in lib/sign/

 private:
  friend class Internals;  // lib/internals.h: the library's one way in
  explicit Signer(std::shared_ptr<const Impl> impl) : impl_(std::move(impl)) {}
  static Signer WithTemplates(Impl impl);
  std::shared_ptr<const Impl> impl_;
};

}  // namespace pkpass

#endif  // PKPASS_SIGNER_H_
