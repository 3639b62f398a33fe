#include "sign/cms.h"

#include "sign/signer_impl.h"

namespace pkpass {
namespace {

constexpr unsigned kSignFlags = CMS_DETACHED | CMS_BINARY | CMS_PARTIAL | CMS_NOSMIMECAP;

}  // namespace

Result<std::string> SignManifest(std::string_view manifest, const Signer::Impl& signer,
                                 Digest digest, std::int64_t signing_time) {
  UniqueCms cms(CMS_sign(nullptr, nullptr, nullptr, nullptr, kSignFlags));
  if (cms == nullptr) return Status::CryptoError(OpenSslMessage("cannot create the signature"));
  const EVP_MD* md = digest == Digest::kSha1 ? EVP_sha1() : EVP_sha256();
  CMS_SignerInfo* si = CMS_add1_signer(cms.get(), signer.cert.get(), signer.key.get(), md, kSignFlags);
  if (si == nullptr || CMS_add1_cert(cms.get(), signer.wwdr.get()) != 1) {
    return Status::CryptoError(OpenSslMessage("cannot add the signer to the signature"));
  }
  UniqueAsn1Time when(ASN1_UTCTIME_set(nullptr, static_cast<time_t>(signing_time)));
  if (when == nullptr ||
      CMS_signed_add1_attr_by_NID(si, NID_pkcs9_signingTime, V_ASN1_UTCTIME, when.get(), -1) != 1) {
    return Status::CryptoError(OpenSslMessage("cannot set the signing time"));
  }
  UniqueBio content = MemBio(manifest);
  if (CMS_final(cms.get(), content.get(), nullptr, kSignFlags) != 1) {
    return Status::CryptoError(OpenSslMessage("cannot sign the manifest"));
  }
  unsigned char* der = nullptr;
  const int n = i2d_CMS_ContentInfo(cms.get(), &der);
  if (n <= 0) return Status::CryptoError(OpenSslMessage("cannot encode the signature"));
  std::string out(reinterpret_cast<char*>(der), static_cast<size_t>(n));
  OPENSSL_free(der);
  return out;
}

Status CheckManifestSignature(std::string_view manifest, std::string_view signature,
                              const Signer::Impl& signer) {
  const auto* p = reinterpret_cast<const unsigned char*>(signature.data());
  UniqueCms cms(d2i_CMS_ContentInfo(nullptr, &p, static_cast<long>(signature.size())));
  if (cms == nullptr) return Status::CryptoError(OpenSslMessage("the signature does not parse"));
  UniqueX509Stack certs(sk_X509_new_null());
  if (certs == nullptr || sk_X509_push(certs.get(), signer.cert.get()) <= 0) {
    return Status::CryptoError(OpenSslMessage("cannot check the signature"));
  }
  X509_up_ref(signer.cert.get());
  UniqueBio content = MemBio(manifest);
  if (CMS_verify(cms.get(), certs.get(), nullptr, content.get(), nullptr,
                 CMS_BINARY | CMS_NOINTERN | CMS_NO_SIGNER_CERT_VERIFY) != 1) {
    return Status::CryptoError(OpenSslMessage("the signature does not verify against the manifest"));
  }
  return Status::Ok();
}

}  // namespace pkpass
