#include "sign/apple_cas.h"

#include <openssl/x509v3.h>

#include <array>

#include "sign/x509_util.h"
#include "util/hex.h"

namespace pkpass {
namespace {

// Key identifiers read from the certificates Apple publishes at kAppleCaPage.
constexpr std::array<AppleIntermediate, 3> kIntermediates = {{
    {"G1", "88271709a9b618608becebbaf64759c55254a3b7", "https://www.apple.com/certificateauthority/AppleWWDRCA.cer", true},
    {"G3", "09fec01590f9af640a9212b92628630c97eca7b2", "https://www.apple.com/certificateauthority/AppleWWDRCAG3.cer", false},
    {"G4", "5bd9fa1de79a1a0ba399762250863e91c85b77a8", "https://www.apple.com/certificateauthority/AppleWWDRCAG4.cer", true},
}};

// Common names of Apple certificates that are not Pass Type ID certificates, with what they are.
struct OtherKind {
  std::string_view cn_prefix;
  std::string_view what;
};
constexpr OtherKind kOtherKinds[] = {
    {"Apple Push Services:", "an Apple Push Notification service certificate of an app"},
    {"Apple Development IOS Push Services:", "an Apple Push Notification service certificate of an app"},
    {"Apple Production IOS Push Services:", "an Apple Push Notification service certificate of an app"},
    {"Apple Sandbox Push Services:", "an Apple Push Notification service certificate of an app"},
    {"Website Push ID:", "a Website Push ID certificate"},
    {"Apple Development:", "an app development certificate"},
    {"Apple Distribution:", "an app distribution certificate"},
    {"iPhone Developer:", "an app development certificate"},
    {"iPhone Distribution:", "an app distribution certificate"},
    {"Developer ID Application:", "a Developer ID certificate"},
};

// Apple's extensions marking push certificates (development, production, and any topic).
constexpr std::string_view kPushOids[] = {"1.2.840.113635.100.6.3.1", "1.2.840.113635.100.6.3.2",
                                          "1.2.840.113635.100.6.3.6"};

bool HasExtension(const X509* cert, std::string_view oid) {
  UniqueAsn1Object object(OBJ_txt2obj(std::string(oid).c_str(), 1));
  return object != nullptr && X509_get_ext_by_OBJ(cert, object.get(), -1) >= 0;
}

std::string HexOf(const ASN1_OCTET_STRING* id) {
  if (id == nullptr) return "";
  return LowerHex(std::string_view(reinterpret_cast<const char*>(ASN1_STRING_get0_data(id)),
                                   static_cast<size_t>(ASN1_STRING_length(id))));
}

}  // namespace

const AppleIntermediate* FindAppleIntermediate(std::string_view key_id_hex) {
  for (const AppleIntermediate& ca : kIntermediates) {
    if (ca.key_id_hex == key_id_hex) return &ca;
  }
  return nullptr;
}

const AppleIntermediate& CurrentPassIntermediate() { return kIntermediates[2]; }

std::string SubjectKeyIdHex(const X509* cert) { return HexOf(X509_get0_subject_key_id(const_cast<X509*>(cert))); }

std::string AuthorityKeyIdHex(const X509* cert) { return HexOf(X509_get0_authority_key_id(const_cast<X509*>(cert))); }

std::string DescribeIntermediate(std::string_view key_id_hex) {
  if (const AppleIntermediate* ca = FindAppleIntermediate(key_id_hex)) {
    return "Apple's WWDR " + std::string(ca->generation) + " (key id " + std::string(key_id_hex) + ")";
  }
  return "an intermediate that is none of Apple's WWDR G1, G3 or G4 (key id " +
         (key_id_hex.empty() ? std::string("none") : std::string(key_id_hex)) + ")";
}

std::string NotPassTypeIdReason(const X509* cert) {
  const std::string cn = SubjectEntry(cert, NID_commonName);
  std::string_view what;
  for (const OtherKind& kind : kOtherKinds) {
    if (cn.starts_with(kind.cn_prefix)) what = kind.what;
  }
  for (std::string_view oid : kPushOids) {
    if (what.empty() && HasExtension(cert, oid)) what = "an Apple Push Notification service certificate of an app";
  }
  if (what.empty()) return "";
  return "the certificate \"" + cn + "\" is " + std::string(what) +
         ", not a Pass Type ID certificate: in Certificates, Identifiers & Profiles, register the pass type "
         "under Identifiers > Pass Type IDs and create its certificate there (the push certificate of a pass "
         "is its Pass Type ID certificate)";
}

}  // namespace pkpass
