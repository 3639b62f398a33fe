#include "sign/cms_template.h"

#include <openssl/rsa.h>

#include <atomic>
#include <cstring>
#include <ctime>

#include "sign/cms.h"
#include "sign/signer_impl.h"
#include "util/sha1.h"
#include "util/status_macros.h"

namespace pkpass {
namespace {

constexpr std::string_view kSampleManifest = "{\"pass.json\":\"pkpass signature template\"}";
constexpr std::int64_t kSampleTime = 1700000000;  // 231114221320Z
// The DER of the contentType attribute (id-data), the first signed attribute in DER order.
constexpr unsigned char kContentTypeAttribute[] = {0x30, 0x18, 0x06, 0x09, 0x2A, 0x86, 0x48,
                                                   0x86, 0xF7, 0x0D, 0x01, 0x09, 0x03};

const EVP_MD* DigestOf(Digest digest) {
  return digest == Digest::kSha1 ? FetchedSha1() : FetchedSha256();
}

// Each thread signs with its own signing context on its own copy of the key, made on first use:
// no lock is shared with other threads (RSA blinding, algorithm lookups) for a signature.
struct ThreadSigner {
  std::uint64_t owner = 0;  // the CmsTemplate::id_ the context was made for
  UniqueEvpPkeyCtx ctx;
};

// Returns `seconds` as UTCTime text, "YYMMDDHHMMSSZ", or "" outside 1950-2049.
std::string UtcTime(std::int64_t seconds) {
  const auto t = static_cast<std::time_t>(seconds);
  std::tm tm{};
  if (gmtime_r(&t, &tm) == nullptr || tm.tm_year < 50 || tm.tm_year >= 150) return "";
  char buf[16];
  std::strftime(buf, sizeof(buf), "%y%m%d%H%M%SZ", &tm);
  return buf;
}

// Returns the offset of the only occurrence of `needle` in `hay`, or npos when it occurs zero
// or several times.
size_t FindOnce(std::string_view hay, std::string_view needle) {
  const size_t first = hay.find(needle);
  if (first == std::string_view::npos || hay.find(needle, first + 1) != std::string_view::npos) {
    return std::string_view::npos;
  }
  return first;
}

std::string DigestBytes(std::string_view data, const EVP_MD* md) {
  unsigned char out[EVP_MAX_MD_SIZE];
  unsigned int n = 0;
  EVP_Digest(data.data(), data.size(), out, &n, md, nullptr);
  return std::string(reinterpret_cast<char*>(out), n);
}

}  // namespace

Result<CmsTemplate> CmsTemplate::Make(const Signer::Impl& signer, Digest digest) {
  if (EVP_PKEY_get_base_id(signer.key.get()) != EVP_PKEY_RSA) {
    return Status::CryptoError("signature templates are made for RSA keys only");
  }
  PKPASS_ASSIGN_OR_RETURN(std::string der, SignManifest(kSampleManifest, signer, digest, kSampleTime));
  CmsTemplate t;
  static std::atomic<std::uint64_t> next_id{1};
  t.id_ = next_id++;
  t.signer_ = &signer;
  t.digest_ = digest;
  const std::string sample_digest = DigestBytes(kSampleManifest, DigestOf(digest));
  t.digest_offset_ = FindOnce(der, sample_digest);
  t.digest_size_ = sample_digest.size();
  t.time_offset_ = FindOnce(der, "\x17\x0D" + UtcTime(kSampleTime));
  const size_t content_type = FindOnce(
      der, std::string_view(reinterpret_cast<const char*>(kContentTypeAttribute), sizeof(kContentTypeAttribute)));
  t.signature_size_ = static_cast<size_t>(EVP_PKEY_get_size(signer.key.get()));
  auto bad_layout = [] { return Status::CryptoError("OpenSSL's SignedData has an unexpected layout"); };
  if (t.digest_offset_ == std::string::npos || t.time_offset_ == std::string::npos ||
      content_type == std::string::npos || content_type < 2 || der.size() < t.signature_size_) {
    return bad_layout();
  }
  t.time_offset_ += 2;
  // [0] IMPLICIT SET OF Attribute, short-form length: contentType first, messageDigest last.
  t.attrs_offset_ = content_type - 2;
  t.attrs_size_ = t.digest_offset_ + t.digest_size_ - t.attrs_offset_;
  if (static_cast<unsigned char>(der[t.attrs_offset_]) != 0xA0 || t.attrs_size_ - 2 > 127 ||
      static_cast<size_t>(static_cast<unsigned char>(der[t.attrs_offset_ + 1])) != t.attrs_size_ - 2) {
    return bad_layout();
  }
  // The signature is the SignerInfo's last field and the DER's last bytes.
  t.signature_offset_ = der.size() - t.signature_size_;
  t.der_ = der;
  // The template must give back OpenSSL's bytes for the sample.
  Result<std::string> again = t.Sign(kSampleManifest, kSampleTime);
  if (!again.ok() || *again != der) return bad_layout();
  return t;
}

Result<std::string> CmsTemplate::Sign(std::string_view manifest, std::int64_t signing_time) const {
  const std::string when = UtcTime(signing_time);
  if (when.empty()) {
    return Status::InvalidArgument("the signing time must fall in 1950-2049, which UTCTime can say");
  }
  const EVP_MD* md = DigestOf(digest_);
  std::string out = der_;
  std::memcpy(out.data() + time_offset_, when.data(), when.size());
  const std::string manifest_digest = DigestBytes(manifest, md);
  std::memcpy(out.data() + digest_offset_, manifest_digest.data(), digest_size_);
  // The signature covers the signed attributes DER-encoded as a SET (tag 0x31, not [0]).
  std::string attrs = out.substr(attrs_offset_, attrs_size_);
  attrs[0] = '\x31';
  const std::string attrs_digest = DigestBytes(attrs, md);
  thread_local ThreadSigner mine;
  if (mine.owner != id_) {
    UniqueEvpPkey key(EVP_PKEY_dup(signer_->key.get()));
    mine.ctx.reset(key != nullptr ? EVP_PKEY_CTX_new(key.get(), nullptr) : nullptr);
    mine.owner = 0;
    if (mine.ctx == nullptr || EVP_PKEY_sign_init(mine.ctx.get()) != 1 ||
        EVP_PKEY_CTX_set_rsa_padding(mine.ctx.get(), RSA_PKCS1_PADDING) != 1 ||
        EVP_PKEY_CTX_set_signature_md(mine.ctx.get(), md) != 1) {
      mine.ctx.reset();
      return Status::CryptoError(OpenSslMessage("cannot set up signing"));
    }
    mine.owner = id_;
  }
  size_t size = signature_size_;
  if (EVP_PKEY_sign(mine.ctx.get(), reinterpret_cast<unsigned char*>(out.data() + signature_offset_),
                    &size, reinterpret_cast<const unsigned char*>(attrs_digest.data()),
                    attrs_digest.size()) != 1 ||
      size != signature_size_) {
    return Status::CryptoError(OpenSslMessage("cannot sign the manifest"));
  }
  return out;
}

}  // namespace pkpass
