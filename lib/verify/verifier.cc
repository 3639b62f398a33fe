// Verification of a .pkpass (Apple's pass format reference): the archive is read safely,
// then the manifest is checked against every file, then the signature against the manifest.
// Only when all of that holds are the contents examined: the signer against pass.json, and
// pass.json and the images by the validator. An archive whose signature fails has none of its
// images decoded.
#include <openssl/cms.h>
#include <openssl/pem.h>

#include <climits>
#include <set>

#include "pkpass/diagnostic_codes.h"
#include "pkpass/verify.h"
#include "sign/x509_util.h"
#include "util/json.h"
#include "util/openssl_ptr.h"
#include "util/sha1.h"
#include "validate/validator.h"
#include "zip/archive_reader.h"
#include "util/status_macros.h"

namespace pkpass {
namespace {

bool IsLowerHexSha1(std::string_view s) {
  if (s.size() != 40) return false;
  for (char c : s) {
    if (!((c >= '0' && c <= '9') || (c >= 'a' && c <= 'f'))) return false;
  }
  return true;
}

void CheckManifest(const std::map<std::string, std::string>& files, Diagnostics& diags) {
  rapidjson::Document manifest;
  if (!ParseJsonObject(files.at("manifest.json"), "manifest.json", kMaxArchiveEntryBytes,
                       manifest, diags)) {
    return;
  }
  if (manifest.MemberCount() > kMaxArchiveEntries) {
    diags.Error(codes::kManifestInvalid, "manifest.json", "",
                "the manifest lists " + std::to_string(manifest.MemberCount()) +
                    " files; an archive holds at most " + std::to_string(kMaxArchiveEntries));
    return;
  }
  const JsonPointer root;
  std::set<std::string_view> listed;
  for (const auto& m : manifest.GetObject()) {
    const std::string path(StringOf(m.name));
    listed.insert(StringOf(m.name));
    if (!m.value.IsString() || !IsLowerHexSha1(StringOf(m.value))) {
      diags.Error(codes::kManifestInvalid, "manifest.json", root.Child(path).str(),
                  "a manifest entry must be 40 lowercase hex digits");
      continue;
    }
    auto file = files.find(path);
    if (file == files.end() || path == "manifest.json" || path == "signature") {
      diags.Error(codes::kManifestEntryMissingFile, "manifest.json", root.Child(path).str(),
                  "the manifest lists \"" + path + "\" but the archive has no such file");
    } else if (Sha1Hex(file->second) != StringOf(m.value)) {
      diags.Error(codes::kManifestHashMismatch, path, "",
                  "the file's SHA-1 is " + Sha1Hex(file->second) + " but the manifest says " +
                      std::string(StringOf(m.value)));
    }
  }
  for (const auto& [path, bytes] : files) {
    if (path == "manifest.json" || path == "signature") continue;
    if (!listed.contains(path)) {
      diags.Error(codes::kManifestFileUnlisted, path, "",
                  "the file is not listed in manifest.json");
    }
  }
}

// The signer's own validity is checked at signing time with its own code (CheckSignerValidity),
// so the chain check passes over that one error and goes on to the rest of the chain.
int SkipSignerValidity(int ok, X509_STORE_CTX* ctx) {
  const int error = X509_STORE_CTX_get_error(ctx);
  if (ok == 0 && X509_STORE_CTX_get_error_depth(ctx) == 0 &&
      (error == X509_V_ERR_CERT_HAS_EXPIRED || error == X509_V_ERR_CERT_NOT_YET_VALID)) {
    return 1;
  }
  return ok;
}

// Checks that `signer`, with the certificates the signature carries, chains to `roots` at
// `signing_time` (now when it is unknown). Any purpose: Apple's pass certificates carry no
// S/MIME usage.
void CheckChain(X509* signer, CMS_ContentInfo* cms, X509_STORE* roots, std::int64_t signing_time,
                Diagnostics& diags) {
  UniqueX509Stack carried(CMS_get1_certs(cms));
  UniqueX509StoreCtx ctx(X509_STORE_CTX_new());
  if (ctx == nullptr || X509_STORE_CTX_init(ctx.get(), roots, signer, carried.get()) != 1) {
    diags.Error(codes::kSignatureUntrusted, "signature", "",
                OpenSslMessage("cannot check the certificate chain"));
    return;
  }
  if (signing_time != INT64_MIN) X509_STORE_CTX_set_time(ctx.get(), 0, static_cast<time_t>(signing_time));
  X509_STORE_CTX_set_verify_cb(ctx.get(), SkipSignerValidity);
  if (X509_verify_cert(ctx.get()) == 1) return;
  const int error = X509_STORE_CTX_get_error(ctx.get());
  const X509* at = X509_STORE_CTX_get_current_cert(ctx.get());
  DrainOpenSslErrors();
  diags.Error(codes::kSignatureUntrusted, "signature", "",
              std::string("the signer does not chain to the trust root: ") +
                  X509_verify_cert_error_string(error) + " at depth " +
                  std::to_string(X509_STORE_CTX_get_error_depth(ctx.get())) +
                  (at != nullptr ? " (" + SubjectLine(at) + ")" : std::string()));
}

// Reports when `signing_time` is outside `signer`'s validity.
void CheckSignerValidity(const X509* signer, std::int64_t signing_time, Diagnostics& diags) {
  const std::int64_t from = Asn1TimeToEpoch(X509_get0_notBefore(signer));
  const std::int64_t to = Asn1TimeToEpoch(X509_get0_notAfter(signer));
  if (signing_time < from || signing_time > to) {
    diags.Error(codes::kSignerNotValidAtSigningTime, "signature", "",
                "signed at " + FormatUtc(signing_time) + ", outside the signer certificate's "
                "validity (" + FormatUtc(from) + " to " + FormatUtc(to) + ")");
  }
}

// Returns the signingTime signed attribute of `si` in seconds since the epoch, or INT64_MIN
// (with a diagnostic when it is missing) when there is none or it is unreadable.
std::int64_t SigningTime(CMS_SignerInfo* si, Diagnostics& diags) {
  const int index = CMS_signed_get_attr_by_NID(si, NID_pkcs9_signingTime, -1);
  if (index < 0) {
    diags.Error(codes::kSignatureSigningTimeMissing, "signature", "",
                "the signature has no signingTime attribute; Wallet refuses it");
    return INT64_MIN;
  }
  ASN1_TYPE* value = X509_ATTRIBUTE_get0_type(CMS_signed_get_attr(si, index), 0);
  if (value == nullptr ||
      (value->type != V_ASN1_UTCTIME && value->type != V_ASN1_GENERALIZEDTIME)) {
    diags.Error(codes::kSignatureInvalid, "signature", "",
                "the signingTime attribute is not a UTCTime or GeneralizedTime");
    return INT64_MIN;
  }
  return Asn1TimeToEpoch(value->value.utctime);
}

// Checks the signature over manifest.json, then (given `roots`) the signer's chain; returns the
// signer certificate when the signature verifies, else nullptr.
UniqueX509 CheckSignature(const std::map<std::string, std::string>& files, X509_STORE* roots,
                          Diagnostics& diags) {
  const std::string& signature = files.at("signature");
  auto fail = [&diags](std::string message) {
    diags.Error(codes::kSignatureInvalid, "signature", "", std::move(message));
    return UniqueX509();
  };
  const auto* p = reinterpret_cast<const unsigned char*>(signature.data());
  UniqueCms cms(d2i_CMS_ContentInfo(nullptr, &p, static_cast<long>(signature.size())));
  if (cms == nullptr || OBJ_obj2nid(CMS_get0_type(cms.get())) != NID_pkcs7_signed) {
    DrainOpenSslErrors();
    return fail("not a DER CMS SignedData structure");
  }
  STACK_OF(CMS_SignerInfo)* signers = CMS_get0_SignerInfos(cms.get());
  if (signers == nullptr || sk_CMS_SignerInfo_num(signers) != 1) {
    return fail("the signature must have exactly one signer");
  }
  CMS_SignerInfo* si = sk_CMS_SignerInfo_value(signers, 0);
  X509_ALGOR* digest = nullptr;
  CMS_SignerInfo_get0_algs(si, nullptr, nullptr, &digest, nullptr);
  const int digest_nid = digest != nullptr ? OBJ_obj2nid(digest->algorithm) : NID_undef;
  if (digest_nid != NID_sha1 && digest_nid != NID_sha256) {
    diags.Error(codes::kSignatureDigestUnsupported, "signature", "",
                std::string("the signature's digest is ") +
                    (digest_nid == NID_undef ? "unknown" : OBJ_nid2sn(digest_nid)) +
                    "; Wallet accepts SHA-1 and SHA-256");
    return UniqueX509();
  }
  const std::int64_t signing_time = SigningTime(si, diags);

  UniqueBio content = MemBio(files.at("manifest.json"));
  if (CMS_verify(cms.get(), nullptr, nullptr, content.get(), nullptr,
                 CMS_BINARY | CMS_NO_SIGNER_CERT_VERIFY) != 1) {
    return fail("the signature does not verify against manifest.json (" + DrainOpenSslErrors() +
                ")");
  }
  UniqueX509Stack signer_certs(CMS_get0_signers(cms.get()));
  if (signer_certs == nullptr || sk_X509_num(signer_certs.get()) != 1) {
    return fail("cannot identify the signer certificate");
  }
  X509* cert = sk_X509_value(signer_certs.get(), 0);
  X509_up_ref(cert);
  UniqueX509 signer(cert);
  sk_X509_zero(signer_certs.get());  // CMS_get0_signers's stack does not own its certificates
  if (signing_time != INT64_MIN) CheckSignerValidity(cert, signing_time, diags);
  if (roots != nullptr) CheckChain(cert, cms.get(), roots, signing_time, diags);
  return signer;
}

// Returns a store of the certificates in `pem`, or nullptr when it holds none.
UniqueX509Store TrustStore(std::string_view pem) {
  UniqueX509Store store(X509_STORE_new());
  UniqueBio bio = MemBio(pem);
  STACK_OF(X509_INFO)* infos = PEM_X509_INFO_read_bio(bio.get(), nullptr, nullptr, nullptr);
  int roots = 0;
  for (int i = 0; infos != nullptr && i < sk_X509_INFO_num(infos); ++i) {
    X509_INFO* info = sk_X509_INFO_value(infos, i);
    if (info->x509 != nullptr && X509_STORE_add_cert(store.get(), info->x509) == 1) ++roots;
  }
  sk_X509_INFO_pop_free(infos, X509_INFO_free);
  DrainOpenSslErrors();
  if (roots == 0) store.reset();
  return store;
}

}  // namespace

Status Verify(std::string_view pkpass_bytes, const VerifyOptions& options, Diagnostics& diags) {
  UniqueX509Store roots;
  if (options.trust_root_pem.empty()) {
    if (!options.skip_chain_check) {
      return Status::InvalidArgument(
          "no trust root was given: give one, or choose to skip the chain check");
    }
    diags.Warning(codes::kSignatureUntrusted, "signature", "",
                  "no trust root was given, so the certificate chain was not checked");
  } else {
    roots = TrustStore(options.trust_root_pem);
    if (roots == nullptr) return Status::InvalidArgument("the trust root holds no PEM certificate");
  }
  std::map<std::string, std::string> files;
  if (ReadArchive(pkpass_bytes, files, diags)) {
    bool complete = true;
    for (const char* required : {"pass.json", "manifest.json", "signature"}) {
      if (!files.contains(required)) {
        diags.Error(codes::kArchiveFileMissing, required, "",
                    std::string(required) + " is missing from the archive root");
        complete = false;
      }
    }
    const size_t errors_before = diags.error_count();
    UniqueX509 signer;
    if (complete) {
      CheckManifest(files, diags);
      signer = CheckSignature(files, roots.get(), diags);
    }
    // The contents of an archive that is not intact and signed are not examined: its images
    // are not decoded, whatever they claim to be.
    if (complete && diags.error_count() == errors_before) {
      files.erase("manifest.json");
      files.erase("signature");
      const std::string uid = signer ? SubjectEntry(signer.get(), NID_userId) : "";
      const std::string ou = signer ? SubjectEntry(signer.get(), NID_organizationalUnitName) : "";
      const SignerIdentity identity{
          uid, ou, signer && SubjectEntry(signer.get(), NID_commonName).starts_with("Pass Type ID with NFC:")};
      ValidatePassFiles(files, signer ? &identity : nullptr, options.allow_http_web_service, diags);
    }
  }
  if (options.strict) diags.PromoteWarnings();
  diags.Sort();
  if (diags.has_errors()) {
    return ErrorsIn(diags.error_count(), "the pass");
  }
  return Status::Ok();
}

}  // namespace pkpass
