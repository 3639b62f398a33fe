// Apple's certificates as pkpass recognises them, with no certificate of Apple's in pkpass: the
// WWDR intermediates by their key identifiers (the subject key identifier of each, which is the
// authority key identifier of every certificate it issued), and the kinds of Apple certificates
// people mistake for a Pass Type ID certificate, by their common names and extensions.
#ifndef PKPASS_SIGN_APPLE_CAS_H_
#define PKPASS_SIGN_APPLE_CAS_H_

#include <string>
#include <string_view>

#include "util/openssl_ptr.h"

namespace pkpass {

struct AppleIntermediate {
  std::string_view generation;  // "G4"
  std::string_view key_id_hex;  // lowercase hex of the subject key identifier
  std::string_view url;         // where Apple publishes it
  bool issues_passes;           // whether Pass Type ID certificates are issued by it
};

// Apple's page of its certificate authorities, where every intermediate is published.
inline constexpr std::string_view kAppleCaPage = "https://www.apple.com/certificateauthority/";

// The intermediate whose key identifier is `key_id_hex`, or nullptr.
const AppleIntermediate* FindAppleIntermediate(std::string_view key_id_hex);
// The intermediate that issued Pass Type ID certificates made today (G4).
const AppleIntermediate& CurrentPassIntermediate();

// The hex of `cert`'s subject key identifier, and of its authority key identifier; "" when it
// has none.
std::string SubjectKeyIdHex(const X509* cert);
std::string AuthorityKeyIdHex(const X509* cert);

// "Apple's WWDR G4 (key id 5bd9…)" or "an intermediate that is none of Apple's WWDR G1, G3 or G4
// (key id …)", for messages.
std::string DescribeIntermediate(std::string_view key_id_hex);

// When `cert` is a kind of Apple certificate that is not a Pass Type ID certificate (a push
// certificate of an app, a development or distribution certificate), a sentence naming what it
// is and what to make instead; else "".
std::string NotPassTypeIdReason(const X509* cert);

}  // namespace pkpass

#endif  // PKPASS_SIGN_APPLE_CAS_H_
