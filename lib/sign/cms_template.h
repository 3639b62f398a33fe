// A signer's SignedData, made once by OpenSSL and reused for every pass. For one signer and one
// digest, the DER of a pass's signature differs from any other pass's in three fixed-size places
// only: the signingTime (a 13-byte UTCTime), the messageDigest (the manifest's digest) and the
// RSA signature over the signed attributes. The template records where they are; a pass's
// signature is the template with those three filled in: the same bytes OpenSSL's CMS_sign gives
// (the template checks itself against OpenSSL when it is made, and a test compares the two).
#ifndef PKPASS_SIGN_CMS_TEMPLATE_H_
#define PKPASS_SIGN_CMS_TEMPLATE_H_

#include <cstdint>
#include <memory>
#include <string>
#include <string_view>

#include "pkpass/model.h"
#include "pkpass/signer.h"
#include "pkpass/status.h"

namespace pkpass {

class CmsTemplate {
 public:
  // Makes the template for `signer` and `digest` with OpenSSL and checks it. kCryptoError when
  // OpenSSL fails or the result does not have the expected shape.
  static Result<CmsTemplate> Make(const Signer::Impl& signer, Digest digest);

  // Returns the signature of `manifest` at `signing_time` (1950-2049, as UTCTime allows).
  // Thread-safe.
  Result<std::string> Sign(std::string_view manifest, std::int64_t signing_time) const;

 private:
  CmsTemplate() = default;
  std::uint64_t id_ = 0;  // unique per template made in this process: names per-thread state
  const Signer::Impl* signer_ = nullptr;  // not owned
  Digest digest_ = Digest::kSha256;
  std::string der_;
  size_t time_offset_ = 0;         // the 13 UTCTime characters
  size_t digest_offset_ = 0;       // the messageDigest octets
  size_t digest_size_ = 0;
  size_t attrs_offset_ = 0;        // the [0] IMPLICIT signedAttrs, tag included
  size_t attrs_size_ = 0;
  size_t signature_offset_ = 0;    // the signature octets
  size_t signature_size_ = 0;
};

}  // namespace pkpass

#endif  // PKPASS_SIGN_CMS_TEMPLATE_H_
