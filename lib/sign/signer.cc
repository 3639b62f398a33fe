// Loading a signing identity and the checks made before any pass is signed with it
// (Apple's pass format reference).
#include <openssl/err.h>
#include <openssl/pem.h>
#include <openssl/ssl.h>

#include <ctime>

#include "internals.h"
#include "pkpass/files.h"
#include "sign/apple_cas.h"
#include "sign/cms_template.h"
#include "sign/signer_impl.h"
#include "sign/x509_util.h"
#include "util/status_macros.h"

namespace pkpass {
namespace {

// Returns how many PEM certificates `bytes` holds (0 for DER).
size_t CountPemCertificates(std::string_view bytes) {
  constexpr std::string_view kBegin = "-----BEGIN CERTIFICATE-----";
  size_t count = 0;
  for (size_t at = bytes.find(kBegin); at != std::string_view::npos; at = bytes.find(kBegin, at + 1)) {
    ++count;
  }
  return count;
}

Status CheckValidity(const X509* cert, std::string_view what, std::int64_t now) {
  const std::int64_t not_before = Asn1TimeToEpoch(X509_get0_notBefore(cert));
  const std::int64_t not_after = Asn1TimeToEpoch(X509_get0_notAfter(cert));
  if (now < not_before) {
    return Status::InvalidArgument("the " + std::string(what) + " is not valid until " +
                                   FormatUtc(not_before));
  }
  if (now > not_after) {
    return Status::InvalidArgument("the " + std::string(what) + " expired on " +
                                   FormatUtc(not_after));
  }
  return Status::Ok();
}

// Checks a loaded identity and fills in what Signer exposes.
Result<Signer::Impl> Finish(UniqueX509 cert, UniqueEvpPkey key, std::string_view wwdr_bytes) {
  if (const size_t count = CountPemCertificates(wwdr_bytes); count > 1) {
    return Status::InvalidArgument(
        "the WWDR file holds " + std::to_string(count) + " certificates; give only the "
        "intermediate that issued the signer certificate, so that none is taken by chance");
  }
  PKPASS_ASSIGN_OR_RETURN(UniqueX509 wwdr, ParseCertificate(wwdr_bytes, "WWDR certificate"));
  if (const std::string other = NotPassTypeIdReason(cert.get()); !other.empty()) {
    return Status::InvalidArgument(other);
  }
  if (X509_check_private_key(cert.get(), key.get()) != 1) {
    DrainOpenSslErrors();
    return Status::InvalidArgument("the private key does not match the signer certificate (" +
                                   SubjectLine(cert.get()) + "): the certificate was made from the request of "
                                   "another key; give the key its request was made with");
  }
  const std::int64_t now = static_cast<std::int64_t>(std::time(nullptr));
  PKPASS_RETURN_IF_ERROR(CheckValidity(cert.get(), "signer certificate", now));
  PKPASS_RETURN_IF_ERROR(CheckValidity(wwdr.get(), "WWDR certificate", now));
  EVP_PKEY* wwdr_key = X509_get0_pubkey(wwdr.get());
  const bool named_issuer =
      X509_NAME_cmp(X509_get_subject_name(wwdr.get()), X509_get_issuer_name(cert.get())) == 0;
  if (X509_check_issued(wwdr.get(), cert.get()) != X509_V_OK || wwdr_key == nullptr ||
      X509_verify(cert.get(), wwdr_key) != 1) {
    DrainOpenSslErrors();
    const std::string issuer_id = AuthorityKeyIdHex(cert.get()), given_id = SubjectKeyIdHex(wwdr.get());
    if (const AppleIntermediate* issuer = FindAppleIntermediate(issuer_id); issuer != nullptr && issuer_id != given_id) {
      return Status::InvalidArgument("the WWDR certificate is " + DescribeIntermediate(given_id) +
                                     ", but the signer certificate was issued by Apple's WWDR " +
                                     std::string(issuer->generation) + ": download " + std::string(issuer->url) +
                                     " and give it as the WWDR certificate");
    }
    if (named_issuer) {
      return Status::InvalidArgument(
          "the WWDR certificate (" + SubjectLine(wwdr.get()) + ") has the name of the signer "
          "certificate's issuer, but its key did not sign the signer certificate: it is another "
          "CA of the same name; use the intermediate that issued the certificate");
    }
    char issuer[512];
    X509_NAME_oneline(X509_get_issuer_name(cert.get()), issuer, sizeof(issuer));
    return Status::InvalidArgument("the WWDR certificate (" + SubjectLine(wwdr.get()) +
                                   ") did not issue the signer certificate, whose issuer is " +
                                   issuer + "; use the intermediate that issued it");
  }
  Signer::Impl impl;
  impl.pass_type_identifier = SubjectEntry(cert.get(), NID_userId);
  impl.team_identifier = SubjectEntry(cert.get(), NID_organizationalUnitName);
  impl.common_name = SubjectEntry(cert.get(), NID_commonName);
  if (impl.pass_type_identifier.empty()) {
    return Status::InvalidArgument(
        "the signer certificate's subject has no UID: it is not a Pass Type ID certificate");
  }
  if (impl.team_identifier.empty()) {
    return Status::InvalidArgument(
        "the signer certificate's subject has no OU: it is not a Pass Type ID certificate");
  }
  impl.not_before = Asn1TimeToEpoch(X509_get0_notBefore(cert.get()));
  impl.not_after = Asn1TimeToEpoch(X509_get0_notAfter(cert.get()));
  impl.cert = std::move(cert);
  impl.key = std::move(key);
  impl.wwdr = std::move(wwdr);
  return impl;
}

// The signer of `impl`, with its CMS templates made.
Signer WithTemplates(Signer::Impl impl) {
  auto shared = std::make_shared<Signer::Impl>(std::move(impl));
  // A template points at its signer, so it is made once the signer has its final address.
  for (auto [digest, slot] : {std::pair{Digest::kSha256, &shared->sha256_template},
                              std::pair{Digest::kSha1, &shared->sha1_template}}) {
    Result<CmsTemplate> made = CmsTemplate::Make(*shared, digest);
    if (made.ok()) *slot = std::make_shared<const CmsTemplate>(std::move(*made));
    DrainOpenSslErrors();
  }
  return Internals::MakeSigner(std::move(shared));
}

}  // namespace

Result<Signer> Signer::FromPem(std::string_view cert_pem, std::string_view key_pem,
                               std::string_view wwdr, std::string_view key_password) {
  PKPASS_ASSIGN_OR_RETURN(UniqueX509 cert, ParseCertificate(cert_pem, "signer certificate"));
  PKPASS_ASSIGN_OR_RETURN(UniqueEvpPkey key, ParsePrivateKey(key_pem, key_password));
  PKPASS_ASSIGN_OR_RETURN(Impl impl, Finish(std::move(cert), std::move(key), wwdr));
  return WithTemplates(std::move(impl));
}

Result<Signer> Signer::FromPkcs12(std::string_view p12_bytes, std::string_view password,
                                  std::string_view wwdr) {
  const auto* p = reinterpret_cast<const unsigned char*>(p12_bytes.data());
  UniquePkcs12 p12(d2i_PKCS12(nullptr, &p, static_cast<long>(p12_bytes.size())));
  if (p12 == nullptr) {
    DrainOpenSslErrors();
    return Status::InvalidArgument("the .p12 file is not a PKCS#12 archive");
  }
  const std::string pass(password);
  // An empty password may have been encoded as absent or as "": accept either.
  const char* pass_arg = pass.c_str();
  if (PKCS12_mac_present(p12.get())) {
    if (PKCS12_verify_mac(p12.get(), pass.c_str(), -1) != 1) {
      if (!pass.empty() || PKCS12_verify_mac(p12.get(), nullptr, 0) != 1) {
        DrainOpenSslErrors();
        if (pass.empty()) {
          return Status::InvalidArgument(
              "the .p12 file is protected by a password and none was given");
        }
        return Status::CryptoError("wrong password for the .p12 file");
      }
      pass_arg = nullptr;
    }
  }
  EVP_PKEY* raw_key = nullptr;
  X509* raw_cert = nullptr;
  if (PKCS12_parse(p12.get(), pass_arg, &raw_key, &raw_cert, nullptr) != 1) {
    DrainOpenSslErrors();
    LoadLegacyProvider();  // RC2-40 and friends, as macOS Keychain exports
    if (PKCS12_parse(p12.get(), pass_arg, &raw_key, &raw_cert, nullptr) != 1) {
      return Status::CryptoError(OpenSslMessage("cannot decrypt the .p12 file"));
    }
  }
  UniqueEvpPkey key(raw_key);
  UniqueX509 cert(raw_cert);
  if (key == nullptr || cert == nullptr) {
    return Status::InvalidArgument("the .p12 file holds no certificate with its private key");
  }
  PKPASS_ASSIGN_OR_RETURN(Impl impl, Finish(std::move(cert), std::move(key), wwdr));
  return WithTemplates(std::move(impl));
}


const std::string& Signer::pass_type_identifier() const { return impl_->pass_type_identifier; }
const std::string& Signer::team_identifier() const { return impl_->team_identifier; }
std::int64_t Signer::not_before() const { return impl_->not_before; }
std::int64_t Signer::not_after() const { return impl_->not_after; }

Status Signer::UseAsTlsClient(void* ssl_ctx) const {
  SSL_CTX* ctx = static_cast<SSL_CTX*>(ssl_ctx);
  if (!ctx) return Status::InvalidArgument("no TLS context");
  if (SSL_CTX_use_certificate(ctx, impl_->cert.get()) != 1 || SSL_CTX_use_PrivateKey(ctx, impl_->key.get()) != 1 ||
      SSL_CTX_add1_chain_cert(ctx, impl_->wwdr.get()) != 1) {
    ERR_clear_error();
    return Status::CryptoError("OpenSSL refused the identity as a TLS client identity");
  }
  return Status::Ok();
}

Result<Signer> Signer::FromFiles(const Files& files) {
  if (files.wwdr.empty()) return Status::InvalidArgument("signing needs the WWDR certificate");
  if (!files.p12.empty() && (!files.cert.empty() || !files.key.empty())) {
    return Status::InvalidArgument("give a PKCS#12 file, or a certificate and a key, not both");
  }
  if (files.p12.empty() && (files.cert.empty() || files.key.empty())) {
    return Status::InvalidArgument("signing needs a certificate and a key, or a PKCS#12 file");
  }
  PKPASS_ASSIGN_OR_RETURN(const std::string wwdr, ReadInput(files.wwdr));
  if (!files.p12.empty()) {
    PKPASS_ASSIGN_OR_RETURN(const std::string p12, ReadInput(files.p12));
    return FromPkcs12(p12, files.password, wwdr);
  }
  PKPASS_ASSIGN_OR_RETURN(const std::string cert, ReadInput(files.cert));
  PKPASS_ASSIGN_OR_RETURN(const std::string key, ReadInput(files.key));
  return FromPem(cert, key, wwdr, files.password);
}

}  // namespace pkpass
