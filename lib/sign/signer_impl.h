// The parsed signing identity behind a Signer. Immutable after loading; OpenSSL allows
// concurrent signing with one EVP_PKEY and concurrent reads of one X509.
#ifndef PKPASS_SIGN_SIGNER_IMPL_H_
#define PKPASS_SIGN_SIGNER_IMPL_H_

#include <cstdint>
#include <memory>
#include <string>

#include "pkpass/signer.h"
#include "util/openssl_ptr.h"

namespace pkpass {

class CmsTemplate;

struct Signer::Impl {
  UniqueX509 cert;
  UniqueEvpPkey key;
  UniqueX509 wwdr;
  std::string pass_type_identifier;
  std::string team_identifier;
  std::string common_name;  // "Pass Type ID: ..." or, NFC-enabled, "Pass Type ID with NFC: ..."
  std::int64_t not_before = 0;
  std::int64_t not_after = 0;
  // Signature templates for SHA-256 and SHA-1 (sign/cms_template.h); null for a key type they
  // do not cover, when SignManifest builds each signature through OpenSSL's CMS.
  std::shared_ptr<const CmsTemplate> sha256_template;
  std::shared_ptr<const CmsTemplate> sha1_template;
};

}  // namespace pkpass

#endif  // PKPASS_SIGN_SIGNER_IMPL_H_
