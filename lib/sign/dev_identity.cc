#include "pkpass/signer.h"

#include <filesystem>
#include <utility>

#include "pkpass/files.h"

#include "sign/cert_factory.h"
#include "util/status_macros.h"

namespace pkpass {

Result<DevIdentity> MakeDevIdentity(const DevIdentityOptions& options) {
  PKPASS_ASSIGN_OR_RETURN(UniqueEvpPkey root_key, GenerateEcKey());
  PKPASS_ASSIGN_OR_RETURN(UniqueEvpPkey wwdr_key, GenerateEcKey());
  PKPASS_ASSIGN_OR_RETURN(UniqueEvpPkey signer_key, GenerateRsaKey(2048));

  CertSpec root_spec{{{"C", "US"}, {"O", "pkpass development"}, {"CN", "pkpass Development Root CA"}},
                     options.not_before, options.not_after, true, false};
  PKPASS_ASSIGN_OR_RETURN(UniqueX509 root,
                          IssueCertificate(root_spec, root_key.get(), nullptr, root_key.get()));

  CertSpec wwdr_spec{{{"C", "US"}, {"O", "pkpass development"}, {"OU", "G4"},
                      {"CN", "pkpass Development WWDR Intermediate"}},
                     options.not_before, options.not_after, true, false};
  PKPASS_ASSIGN_OR_RETURN(UniqueX509 wwdr,
                          IssueCertificate(wwdr_spec, wwdr_key.get(), root.get(), root_key.get()));

  CertSpec signer_spec{{{"UID", options.pass_type_identifier},
                        {"CN", "Pass Type ID: " + options.pass_type_identifier},
                        {"OU", options.team_identifier},
                        {"O", "pkpass development"},
                        {"C", "US"}},
                       options.not_before, options.not_after, false, true};
  PKPASS_ASSIGN_OR_RETURN(UniqueX509 signer,
                          IssueCertificate(signer_spec, signer_key.get(), wwdr.get(), wwdr_key.get()));

  DevIdentity identity;
  identity.root_pem = CertificateToPem(root.get());
  identity.wwdr_pem = CertificateToPem(wwdr.get());
  identity.signer_cert_pem = CertificateToPem(signer.get());
  PKPASS_ASSIGN_OR_RETURN(identity.signer_key_pem,
                          PrivateKeyToPem(signer_key.get(), options.key_password));
  return identity;
}

Status WriteDevIdentity(const DevIdentity& identity, const std::string& dir) {
  std::error_code ec;
  std::filesystem::create_directories(dir, ec);
  if (ec) return Status::IoError("cannot create " + dir + ": " + ec.message());
  // The temporary file is made 0600 and keeps that mode: the key is never readable by others.
  Status written = WriteFileAtomically(dir + "/signer.key", identity.signer_key_pem, kSecretFileMode);
  for (const auto& [name, pem] : {std::pair{"root.pem", &identity.root_pem}, std::pair{"wwdr.pem", &identity.wwdr_pem},
                                  std::pair{"signer.pem", &identity.signer_cert_pem}}) {
    if (written.ok()) written = WriteFileAtomically(dir + "/" + name, *pem);
  }
  return written;
}

}  // namespace pkpass
