#include "sign/cert_factory.h"

#include <openssl/pem.h>
#include <openssl/rand.h>


namespace pkpass {
namespace {

Status Fail(std::string_view what) { return Status::CryptoError(OpenSslMessage(what)); }

bool AddExtension(X509* cert, X509V3_CTX* ctx, int nid, const char* value) {
  X509_EXTENSION* ext = X509V3_EXT_conf_nid(nullptr, ctx, nid, value);
  if (ext == nullptr) return false;
  const int ok = X509_add_ext(cert, ext, -1);
  X509_EXTENSION_free(ext);
  return ok == 1;
}

}  // namespace

Result<UniqueEvpPkey> GenerateRsaKey(int bits) {
  UniqueEvpPkey key(EVP_RSA_gen(static_cast<unsigned>(bits)));
  if (key == nullptr) return Fail("cannot generate an RSA key");
  return key;
}

Result<UniqueEvpPkey> GenerateEcKey() {
  UniqueEvpPkey key(EVP_EC_gen("P-256"));
  if (key == nullptr) return Fail("cannot generate an EC key");
  return key;
}

Result<UniqueX509> IssueCertificate(const CertSpec& spec, EVP_PKEY* subject_key,
                                    const X509* issuer, EVP_PKEY* issuer_key) {
  UniqueX509 cert(X509_new());
  UniqueX509Name name(X509_NAME_new());
  unsigned char serial_bytes[16];
  if (cert == nullptr || name == nullptr || RAND_bytes(serial_bytes, sizeof(serial_bytes)) != 1) {
    return Fail("cannot create a certificate");
  }
  serial_bytes[0] &= 0x7F;  // positive
  UniqueBigNum serial(BN_bin2bn(serial_bytes, sizeof(serial_bytes), nullptr));
  for (const auto& [field, value] : spec.subject) {
    if (X509_NAME_add_entry_by_txt(name.get(), field.c_str(), MBSTRING_UTF8,
                                   reinterpret_cast<const unsigned char*>(value.c_str()), -1, -1,
                                   0) != 1) {
      return Fail("cannot set the subject entry " + field);
    }
  }
  if (serial == nullptr || X509_set_version(cert.get(), X509_VERSION_3) != 1 ||
      BN_to_ASN1_INTEGER(serial.get(), X509_get_serialNumber(cert.get())) == nullptr ||
      X509_set_subject_name(cert.get(), name.get()) != 1 ||
      X509_set_issuer_name(cert.get(), issuer != nullptr ? X509_get_subject_name(issuer)
                                                         : name.get()) != 1 ||
      ASN1_TIME_set(X509_getm_notBefore(cert.get()), static_cast<time_t>(spec.not_before)) == nullptr ||
      ASN1_TIME_set(X509_getm_notAfter(cert.get()), static_cast<time_t>(spec.not_after)) == nullptr ||
      X509_set_pubkey(cert.get(), subject_key) != 1) {
    return Fail("cannot fill in the certificate");
  }
  X509V3_CTX ctx;
  X509V3_set_ctx_nodb(&ctx);
  X509V3_set_ctx(&ctx, issuer != nullptr ? const_cast<X509*>(issuer) : cert.get(), cert.get(),
                 nullptr, nullptr, 0);
  bool ok = AddExtension(cert.get(), &ctx, NID_basic_constraints,
                         spec.is_ca ? "critical,CA:TRUE" : "critical,CA:FALSE") &&
            AddExtension(cert.get(), &ctx, NID_key_usage,
                         spec.is_ca ? "critical,keyCertSign,cRLSign" : "critical,digitalSignature") &&
            AddExtension(cert.get(), &ctx, NID_subject_key_identifier, spec.subject_key_id.c_str()) &&
            (issuer == nullptr ||
             AddExtension(cert.get(), &ctx, NID_authority_key_identifier, "keyid:always"));
  if (ok && spec.pass_signing_usage) {
    // As Apple's Pass Type ID certificates: TLS client authentication (the certificate is also
    // the APNs client identity) and Apple's pass-signing purpose.
    ok = AddExtension(cert.get(), &ctx, NID_ext_key_usage, "clientAuth,1.2.840.113635.100.4.14");
  }
  for (const auto& [oid, value] : spec.extensions) {
    X509_EXTENSION* ext = ok ? X509V3_EXT_conf(nullptr, &ctx, oid.c_str(), value.c_str()) : nullptr;
    ok = ext != nullptr && X509_add_ext(cert.get(), ext, -1) == 1;
    X509_EXTENSION_free(ext);
  }
  if (!ok) return Fail("cannot add the certificate extensions");
  if (X509_sign(cert.get(), issuer_key, EVP_sha256()) <= 0) return Fail("cannot sign the certificate");
  return cert;
}

Result<UniqueX509> IssueFromRequest(const CertSpec& spec, std::string_view csr_pem, const X509* issuer,
                                    EVP_PKEY* issuer_key) {
  UniqueBio bio = MemBio(csr_pem);
  UniqueX509Req request(PEM_read_bio_X509_REQ(bio.get(), nullptr, nullptr, nullptr));
  EVP_PKEY* key = request != nullptr ? X509_REQ_get0_pubkey(request.get()) : nullptr;
  if (key == nullptr || X509_REQ_verify(request.get(), key) != 1) {
    return Status::InvalidArgument(OpenSslMessage("the certificate request does not parse or verify"));
  }
  return IssueCertificate(spec, key, issuer, issuer_key);
}

std::string CertificateToPem(const X509* cert) {
  UniqueBio bio(BIO_new(BIO_s_mem()));
  PEM_write_bio_X509(bio.get(), const_cast<X509*>(cert));
  return BioContents(bio.get());
}

std::string CertificateToDer(const X509* cert) {
  unsigned char* der = nullptr;
  const int n = i2d_X509(cert, &der);
  if (n <= 0) return "";
  std::string out(reinterpret_cast<char*>(der), static_cast<size_t>(n));
  OPENSSL_free(der);
  return out;
}

Result<std::string> PrivateKeyToPem(EVP_PKEY* key, std::string_view password) {
  UniqueBio bio(BIO_new(BIO_s_mem()));
  const std::string pass(password);
  const int ok = pass.empty()
      ? PEM_write_bio_PKCS8PrivateKey(bio.get(), key, nullptr, nullptr, 0, nullptr, nullptr)
      : PEM_write_bio_PKCS8PrivateKey(bio.get(), key, EVP_aes_256_cbc(), pass.data(),
                                      static_cast<int>(pass.size()), nullptr, nullptr);
  if (ok != 1) return Fail("cannot write the private key");
  return BioContents(bio.get());
}

Result<std::string> MakePkcs12(const X509* cert, EVP_PKEY* key, std::string_view password,
                               bool legacy) {
  if (legacy) LoadLegacyProvider();
  const std::string pass(password);
  const int cert_pbe = legacy ? NID_pbe_WithSHA1And40BitRC2_CBC : 0;
  const int key_pbe = legacy ? NID_pbe_WithSHA1And3_Key_TripleDES_CBC : 0;
  UniquePkcs12 p12(PKCS12_create(pass.c_str(), "pkpass", key, const_cast<X509*>(cert), nullptr,
                                 key_pbe, cert_pbe, 0, 0, 0));
  if (p12 == nullptr) return Fail("cannot create the PKCS#12 file");
  unsigned char* der = nullptr;
  const int n = i2d_PKCS12(p12.get(), &der);
  if (n <= 0) return Fail("cannot encode the PKCS#12 file");
  std::string out(reinterpret_cast<char*>(der), static_cast<size_t>(n));
  OPENSSL_free(der);
  return out;
}

}  // namespace pkpass
