#include "sign/x509_util.h"

#include <openssl/pem.h>

#include <climits>
#include <ctime>

namespace pkpass {

namespace {

// Supplies the key password to OpenSSL; never prompts. `u` is the password (maybe empty).
int PasswordCallback(char* buf, int size, int /*rwflag*/, void* u) {
  const auto* password = static_cast<const std::string_view*>(u);
  if (password->empty() || password->size() > static_cast<size_t>(size)) return -1;
  password->copy(buf, password->size());
  return static_cast<int>(password->size());
}

bool IsEncryptedPem(std::string_view pem) { return pem.find("ENCRYPTED") != std::string_view::npos; }

// Whether `bytes` hold a certificate, in PEM or DER.
bool IsCertificate(std::string_view bytes) {
  if (bytes.find("-----BEGIN CERTIFICATE-----") != std::string_view::npos) return true;
  const auto* p = reinterpret_cast<const unsigned char*>(bytes.data());
  UniqueX509 cert(d2i_X509(nullptr, &p, static_cast<long>(bytes.size())));
  DrainOpenSslErrors();
  return cert != nullptr;
}

}  // namespace

Result<UniqueEvpPkey> ParsePrivateKey(std::string_view pem, std::string_view password) {
  if (pem.find("-----BEGIN") == std::string_view::npos || pem.find("PRIVATE KEY-----") == std::string_view::npos) {
    if (IsCertificate(pem)) {
      return Status::InvalidArgument(
          "the private key is a certificate (as Apple's pass.cer is), not a private key: give the key the "
          "certificate request was made with (key.pem, from pkpass-build identity request)");
    }
    if (pem.find("CERTIFICATE REQUEST") != std::string_view::npos) {
      return Status::InvalidArgument(
          "the private key is a certificate request, not a private key: give the key the request was made with");
    }
    return Status::InvalidArgument("the private key is not a PEM private key");
  }
  if (IsEncryptedPem(pem) && password.empty()) {
    return Status::InvalidArgument("the private key is encrypted and no password was given");
  }
  UniqueBio bio = MemBio(pem);
  UniqueEvpPkey key(PEM_read_bio_PrivateKey(bio.get(), nullptr, PasswordCallback, &password));
  if (key == nullptr) {
    if (IsEncryptedPem(pem)) {
      DrainOpenSslErrors();
      return Status::CryptoError("wrong password for the private key");
    }
    return Status::InvalidArgument(OpenSslMessage("the private key is not a PEM private key"));
  }
  return key;
}

Result<UniqueX509> ParseCertificate(std::string_view bytes, std::string_view what) {
  // A file that holds a certificate is read for it, whatever else it holds (a key beside it).
  const bool has_certificate = bytes.find("-----BEGIN CERTIFICATE-----") != std::string_view::npos;
  if (!has_certificate && bytes.find("PRIVATE KEY-----") != std::string_view::npos) {
    return Status::InvalidArgument("the " + std::string(what) + " is a private key, not a certificate");
  }
  if (!has_certificate && bytes.find("-----BEGIN CERTIFICATE REQUEST-----") != std::string_view::npos) {
    return Status::InvalidArgument("the " + std::string(what) + " is a certificate request, not a certificate: "
                                   "upload it to Apple's portal and give the certificate it gives back");
  }
  UniqueX509 cert;
  if (bytes.find("-----BEGIN") != std::string_view::npos) {
    UniqueBio bio = MemBio(bytes);
    cert.reset(PEM_read_bio_X509(bio.get(), nullptr, nullptr, nullptr));
  } else {
    const auto* p = reinterpret_cast<const unsigned char*>(bytes.data());
    cert.reset(d2i_X509(nullptr, &p, static_cast<long>(bytes.size())));
  }
  if (cert == nullptr) {
    return Status::InvalidArgument(
        OpenSslMessage("the " + std::string(what) + " is not a PEM or DER X.509 certificate"));
  }
  return cert;
}

std::string SubjectEntry(const X509* cert, int nid) {
  const X509_NAME* name = X509_get_subject_name(cert);
  const int i = X509_NAME_get_index_by_NID(name, nid, -1);
  if (i < 0) return "";
  const ASN1_STRING* data = X509_NAME_ENTRY_get_data(X509_NAME_get_entry(name, i));
  unsigned char* utf8 = nullptr;
  const int n = ASN1_STRING_to_UTF8(&utf8, data);
  if (n < 0) return "";
  std::string out(reinterpret_cast<char*>(utf8), static_cast<size_t>(n));
  OPENSSL_free(utf8);
  return out;
}

std::string SubjectLine(const X509* cert) {
  UniqueBio bio(BIO_new(BIO_s_mem()));
  X509_NAME_print_ex(bio.get(), X509_get_subject_name(cert), 0, XN_FLAG_ONELINE & ~ASN1_STRFLGS_ESC_MSB);
  return BioContents(bio.get());
}

std::int64_t Asn1TimeToEpoch(const ASN1_TIME* t) {
  std::tm tm{};
  if (t == nullptr || ASN1_TIME_to_tm(t, &tm) != 1) return INT64_MIN;
  return static_cast<std::int64_t>(timegm(&tm));
}

std::string FormatUtc(std::int64_t seconds) {
  const auto t = static_cast<std::time_t>(seconds);
  std::tm tm{};
  gmtime_r(&t, &tm);
  char buf[32];
  std::strftime(buf, sizeof(buf), "%Y-%m-%dT%H:%M:%SZ", &tm);
  return buf;
}

}  // namespace pkpass
