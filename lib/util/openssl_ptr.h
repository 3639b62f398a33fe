// RAII owners for the OpenSSL handles pkpass uses, and the error-queue reader for Status messages.
#ifndef PKPASS_UTIL_OPENSSL_PTR_H_
#define PKPASS_UTIL_OPENSSL_PTR_H_

#include <openssl/bio.h>
#include <openssl/cms.h>
#include <openssl/evp.h>
#include <openssl/pkcs12.h>
#include <openssl/x509.h>
#include <openssl/x509v3.h>

#include <memory>
#include <string>
#include <string_view>

namespace pkpass {

template <typename T, void (*Free)(T*)>
struct OpenSslDeleter {
  void operator()(T* p) const { Free(p); }
};

inline void FreeBio(BIO* b) { BIO_free_all(b); }

using UniqueBio = std::unique_ptr<BIO, OpenSslDeleter<BIO, FreeBio>>;
using UniqueX509 = std::unique_ptr<X509, OpenSslDeleter<X509, X509_free>>;
using UniqueEvpPkey = std::unique_ptr<EVP_PKEY, OpenSslDeleter<EVP_PKEY, EVP_PKEY_free>>;
using UniqueEvpPkeyCtx =
    std::unique_ptr<EVP_PKEY_CTX, OpenSslDeleter<EVP_PKEY_CTX, EVP_PKEY_CTX_free>>;
using UniqueCms = std::unique_ptr<CMS_ContentInfo, OpenSslDeleter<CMS_ContentInfo, CMS_ContentInfo_free>>;
using UniquePkcs12 = std::unique_ptr<PKCS12, OpenSslDeleter<PKCS12, PKCS12_free>>;
using UniqueX509Store = std::unique_ptr<X509_STORE, OpenSslDeleter<X509_STORE, X509_STORE_free>>;
using UniqueX509StoreCtx =
    std::unique_ptr<X509_STORE_CTX, OpenSslDeleter<X509_STORE_CTX, X509_STORE_CTX_free>>;
using UniqueX509Name = std::unique_ptr<X509_NAME, OpenSslDeleter<X509_NAME, X509_NAME_free>>;
using UniqueAsn1Time = std::unique_ptr<ASN1_TIME, OpenSslDeleter<ASN1_TIME, ASN1_TIME_free>>;
using UniqueBigNum = std::unique_ptr<BIGNUM, OpenSslDeleter<BIGNUM, BN_free>>;
using UniqueAsn1Object = std::unique_ptr<ASN1_OBJECT, OpenSslDeleter<ASN1_OBJECT, ASN1_OBJECT_free>>;
using UniqueX509Req = std::unique_ptr<X509_REQ, OpenSslDeleter<X509_REQ, X509_REQ_free>>;

inline void FreeX509Stack(STACK_OF(X509)* s) { sk_X509_pop_free(s, X509_free); }
using UniqueX509Stack = std::unique_ptr<STACK_OF(X509), OpenSslDeleter<STACK_OF(X509), FreeX509Stack>>;

// Returns a read-only memory BIO over `bytes`, which must outlive it.
inline UniqueBio MemBio(std::string_view bytes) {
  return UniqueBio(BIO_new_mem_buf(bytes.data(), static_cast<int>(bytes.size())));
}

// Makes OpenSSL 3's legacy algorithms (RC2, 3DES with SHA-1 PBE: what macOS uses in .p12
// exports) available in the default library context, keeping the default provider. Loaded once
// per process on first call, unloaded at exit. Thread-safe.
void LoadLegacyProvider();

// Returns the contents of a memory BIO.
std::string BioContents(BIO* bio);

// Drains the calling thread's OpenSSL error queue and returns it as "; "-joined reason strings,
// or "" when it is empty.
std::string DrainOpenSslErrors();

// Returns `what` followed by the drained OpenSSL errors, if any: "what (reason; reason)".
std::string OpenSslMessage(std::string_view what);

}  // namespace pkpass

#endif  // PKPASS_UTIL_OPENSSL_PTR_H_
