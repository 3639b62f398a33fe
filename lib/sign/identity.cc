// Identities from Apple's portal: the request, the import of the certificate it gives back, and
// the check of a finished identity (pkpass/identity.h).
#include "pkpass/identity.h"

#include <openssl/pem.h>
#include <openssl/x509v3.h>

#include <algorithm>
#include <ctime>
#include <filesystem>

#include "internals.h"
#include "pkpass/files.h"
#include "sign/apple_cas.h"
#include "sign/cert_factory.h"
#include "sign/signer_impl.h"
#include "sign/x509_util.h"
#include "util/status_macros.h"

namespace pkpass {
namespace {

bool IsPassTypeIdentifier(std::string_view id) {
  if (!id.starts_with("pass.") || id.size() < 8 || id.back() == '.' || id.find("..") != std::string_view::npos) {
    return false;
  }
  return std::all_of(id.begin(), id.end(), [](char c) {
    return (c >= 'a' && c <= 'z') || (c >= 'A' && c <= 'Z') || (c >= '0' && c <= '9') || c == '.' || c == '-';
  });
}

bool IsTeamIdentifier(std::string_view id) {
  return id.size() == 10 &&
         std::all_of(id.begin(), id.end(), [](char c) { return (c >= 'A' && c <= 'Z') || (c >= '0' && c <= '9'); });
}

Status CreateFolder(const std::string& dir) {
  std::error_code ec;
  std::filesystem::create_directories(dir, ec);
  if (ec) return Status::IoError("cannot create " + dir + ": " + ec.message());
  return Status::Ok();
}

WwdrReport ReportIssuer(const X509* cert) {
  WwdrReport report;
  report.key_id = AuthorityKeyIdHex(cert);
  if (const AppleIntermediate* ca = FindAppleIntermediate(report.key_id)) {
    report.generation = std::string(ca->generation);
    report.url = std::string(ca->url);
  }
  return report;
}

}  // namespace

Result<IdentityRequest> MakeIdentityRequest(const IdentityRequestOptions& options) {
  if (!IsPassTypeIdentifier(options.pass_type_identifier)) {
    return Status::InvalidArgument("the pass type identifier \"" + options.pass_type_identifier +
                                   "\" is not one: it starts with \"pass.\" and goes on in reverse DNS, as "
                                   "pass.com.example.coffee, exactly as registered under Identifiers > Pass Type IDs");
  }
  if (!IsTeamIdentifier(options.team_identifier)) {
    return Status::InvalidArgument("the team identifier \"" + options.team_identifier +
                                   "\" is not one: 10 capital letters and digits, as the portal shows it under "
                                   "Membership details");
  }
  if (options.key_password.empty()) {
    return Status::InvalidArgument("the key is written encrypted: give its password");
  }
  PKPASS_ASSIGN_OR_RETURN(UniqueEvpPkey key, GenerateRsaKey(2048));
  UniqueX509Req request(X509_REQ_new());
  UniqueX509Name name(X509_NAME_new());
  if (request == nullptr || name == nullptr) return Status::CryptoError(OpenSslMessage("cannot make a request"));
  std::vector<std::pair<const char*, std::string>> subject;
  if (!options.email.empty()) subject.emplace_back("emailAddress", options.email);
  subject.emplace_back("CN", options.pass_type_identifier);
  subject.emplace_back("OU", options.team_identifier);
  for (const auto& [field, value] : subject) {
    if (X509_NAME_add_entry_by_txt(name.get(), field, MBSTRING_UTF8,
                                   reinterpret_cast<const unsigned char*>(value.c_str()), -1, -1, 0) != 1) {
      return Status::InvalidArgument(OpenSslMessage("cannot put \"" + value + "\" in the request"));
    }
  }
  if (X509_REQ_set_version(request.get(), 0) != 1 || X509_REQ_set_subject_name(request.get(), name.get()) != 1 ||
      X509_REQ_set_pubkey(request.get(), key.get()) != 1 || X509_REQ_sign(request.get(), key.get(), EVP_sha256()) <= 0) {
    return Status::CryptoError(OpenSslMessage("cannot sign the certificate request"));
  }
  UniqueBio bio(BIO_new(BIO_s_mem()));
  if (PEM_write_bio_X509_REQ(bio.get(), request.get()) != 1) {
    return Status::CryptoError(OpenSslMessage("cannot write the certificate request"));
  }
  IdentityRequest out;
  out.csr_pem = BioContents(bio.get());
  PKPASS_ASSIGN_OR_RETURN(out.key_pem, PrivateKeyToPem(key.get(), options.key_password));
  return out;
}

Status WriteIdentityRequest(const IdentityRequest& request, const std::string& dir) {
  PKPASS_RETURN_IF_ERROR(CreateFolder(dir));
  PKPASS_RETURN_IF_ERROR(WriteFileAtomically(dir + "/key.pem", request.key_pem, kSecretFileMode));
  return WriteFileAtomically(dir + "/request.certSigningRequest", request.csr_pem);
}

Result<ImportedIdentity> ImportIdentity(std::string_view certificate, std::string_view key_pem,
                                        const ImportOptions& options) {
  PKPASS_ASSIGN_OR_RETURN(UniqueX509 cert, ParseCertificate(certificate, "certificate"));
  if (const std::string other = NotPassTypeIdReason(cert.get()); !other.empty()) return Status::InvalidArgument(other);
  ImportedIdentity out;
  out.pass_type_identifier = SubjectEntry(cert.get(), NID_userId);
  out.team_identifier = SubjectEntry(cert.get(), NID_organizationalUnitName);
  if (out.pass_type_identifier.empty() || out.team_identifier.empty()) {
    return Status::InvalidArgument("the certificate (" + SubjectLine(cert.get()) +
                                   ") has no UID and OU in its subject: it is not a Pass Type ID certificate");
  }
  PKPASS_ASSIGN_OR_RETURN(UniqueEvpPkey key, ParsePrivateKey(key_pem, options.key_password));
  if (X509_check_private_key(cert.get(), key.get()) != 1) {
    DrainOpenSslErrors();
    return Status::InvalidArgument(
        "the certificate for " + out.pass_type_identifier + " was made from another certificate request: its "
        "public key is not this key's. Upload the request made with this key (request.certSigningRequest beside "
        "key.pem) and import the certificate the portal gives for it, or give the key that made its request");
  }
  const std::int64_t now = static_cast<std::int64_t>(std::time(nullptr));
  out.not_after = Asn1TimeToEpoch(X509_get0_notAfter(cert.get()));
  if (out.not_after < now) {
    return Status::InvalidArgument("the certificate for " + out.pass_type_identifier + " expired on " +
                                   FormatUtc(out.not_after) + ": make a new one in the portal from a new request");
  }
  out.wwdr = ReportIssuer(cert.get());
  out.certificate_pem = CertificateToPem(cert.get());
  if (!options.wwdr.empty()) {
    // The whole identity, checked as build loads it.
    PKPASS_ASSIGN_OR_RETURN(UniqueX509 wwdr, ParseCertificate(options.wwdr, "WWDR certificate"));
    out.wwdr_pem = CertificateToPem(wwdr.get());
    Result<Signer> signer = Signer::FromPem(out.certificate_pem, key_pem, out.wwdr_pem, options.key_password);
    if (!signer.ok()) return signer.status();
  }
  if (options.make_p12) {
    if (options.p12_password.empty()) return Status::InvalidArgument("a .p12 file needs a password");
    PKPASS_ASSIGN_OR_RETURN(out.p12, MakePkcs12(cert.get(), key.get(), options.p12_password, /*legacy=*/false));
  }
  return out;
}

Status WriteImportedIdentity(const ImportedIdentity& identity, const std::string& dir) {
  PKPASS_RETURN_IF_ERROR(CreateFolder(dir));
  PKPASS_RETURN_IF_ERROR(WriteFileAtomically(dir + "/certificate.pem", identity.certificate_pem));
  if (!identity.wwdr_pem.empty()) PKPASS_RETURN_IF_ERROR(WriteFileAtomically(dir + "/wwdr.pem", identity.wwdr_pem));
  return Status::Ok();
}

IdentityCheck CheckIdentity(const Signer::Files& files, std::int64_t now, int warn_days) {
  IdentityCheck check;
  Result<Signer> signer = Signer::FromFiles(files);
  if (!signer.ok()) {
    check.error = signer.status().message();
    return check;
  }
  const Signer::Impl& impl = Internals::Get(*signer);
  check.ok = true;
  check.pass_type_identifier = impl.pass_type_identifier;
  check.team_identifier = impl.team_identifier;
  check.not_after = impl.not_after;
  check.days_left = (impl.not_after - now) / 86400;
  check.wwdr = ReportIssuer(impl.cert.get());
  check.wwdr_not_after = Asn1TimeToEpoch(X509_get0_notAfter(impl.wwdr.get()));
  if (check.days_left < warn_days) {
    check.warnings.push_back("the certificate expires on " + FormatUtc(impl.not_after) + ", in " +
                             std::to_string(check.days_left) + " days: make a new one in the portal (pkpass-build "
                             "identity request) and switch before then");
  }
  if ((check.wwdr_not_after - now) / 86400 < warn_days) {
    check.warnings.push_back("the WWDR certificate expires on " + FormatUtc(check.wwdr_not_after) +
                             ": passes signed after that do not install; get its successor from " +
                             std::string(kAppleCaPage));
  }
  return check;
}

}  // namespace pkpass
