// Verification of a .pkpass (pkpass-spec.md §9 rules 1, 3, 40-43): the archive is read safely,
// then the manifest is checked against every file, then the signature against the manifest,
// then the signer against pass.json, and pass.json itself by the validator.
#include <openssl/cms.h>
#include <openssl/pem.h>

#include <climits>

#include "model/model_loader.h"
#include "pkpass/diagnostic_codes.h"
#include "pkpass/verify.h"
#include "resolve/resolver.h"
#include "sign/x509_util.h"
#include "util/json.h"
#include "util/openssl_ptr.h"
#include "util/sha1.h"
#include "validate/validator.h"
#include "verify/archive_reader.h"

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
  const JsonPointer root;
  for (const auto& m : manifest.GetObject()) {
    const std::string path(StringOf(m.name));
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
    if (Member(manifest, path) == nullptr) {
      diags.Error(codes::kManifestFileUnlisted, path, "",
                  "the file is not listed in manifest.json");
    }
  }
}

// Checks the signature; on success returns the signer certificate (else nullptr).
UniqueX509 CheckSignature(const std::map<std::string, std::string>& files,
                          const VerifyOptions& options, Diagnostics& diags) {
  const std::string& signature = files.at("signature");
  const std::string& manifest = files.at("manifest.json");
  auto fail = [&diags](std::string_view code, std::string message) {
    diags.Error(code, "signature", "", std::move(message));
    return UniqueX509();
  };
  const auto* p = reinterpret_cast<const unsigned char*>(signature.data());
  UniqueCms cms(d2i_CMS_ContentInfo(nullptr, &p, static_cast<long>(signature.size())));
  if (cms == nullptr || OBJ_obj2nid(CMS_get0_type(cms.get())) != NID_pkcs7_signed) {
    return fail(codes::kSignatureInvalid, OpenSslMessage("not a DER CMS SignedData structure"));
  }
  STACK_OF(CMS_SignerInfo)* signers = CMS_get0_SignerInfos(cms.get());
  if (signers == nullptr || sk_CMS_SignerInfo_num(signers) != 1) {
    return fail(codes::kSignatureInvalid, "the signature must have exactly one signer");
  }
  CMS_SignerInfo* si = sk_CMS_SignerInfo_value(signers, 0);
  std::int64_t signing_time = INT64_MIN;
  const int time_index = CMS_signed_get_attr_by_NID(si, NID_pkcs9_signingTime, -1);
  if (time_index < 0) {
    diags.Error(codes::kSignatureSigningTimeMissing, "signature", "",
                "the signature has no signingTime attribute; Wallet refuses it");
  } else {
    X509_ATTRIBUTE* attr = CMS_signed_get_attr(si, time_index);
    ASN1_TYPE* value = X509_ATTRIBUTE_get0_type(attr, 0);
    if (value != nullptr && (value->type == V_ASN1_UTCTIME || value->type == V_ASN1_GENERALIZEDTIME)) {
      signing_time = Asn1TimeToEpoch(value->value.utctime);
    }
  }

  UniqueX509Store store;
  unsigned flags = CMS_BINARY;
  if (options.trust_root_pem.empty()) {
    flags |= CMS_NO_SIGNER_CERT_VERIFY;
    diags.Warning(codes::kSignatureUntrusted, "signature", "",
                  "no trust root was given, so the certificate chain was not checked");
  } else {
    store.reset(X509_STORE_new());
    UniqueBio bio = MemBio(options.trust_root_pem);
    STACK_OF(X509_INFO)* infos = PEM_X509_INFO_read_bio(bio.get(), nullptr, nullptr, nullptr);
    int roots = 0;
    for (int i = 0; infos != nullptr && i < sk_X509_INFO_num(infos); ++i) {
      X509_INFO* info = sk_X509_INFO_value(infos, i);
      if (info->x509 != nullptr && X509_STORE_add_cert(store.get(), info->x509) == 1) ++roots;
    }
    sk_X509_INFO_pop_free(infos, X509_INFO_free);
    DrainOpenSslErrors();
    if (roots == 0) return fail(codes::kSignatureUntrusted, "the trust root holds no certificate");
    // Apple's pass-signing certificates carry no S/MIME usage: check the chain, not the purpose.
    X509_STORE_set_purpose(store.get(), X509_PURPOSE_ANY);
    if (signing_time != INT64_MIN) {
      X509_VERIFY_PARAM_set_time(X509_STORE_get0_param(store.get()), static_cast<time_t>(signing_time));
    }
  }
  UniqueBio content = MemBio(manifest);
  if (CMS_verify(cms.get(), nullptr, store.get(), content.get(), nullptr, flags) != 1) {
    const std::string why = DrainOpenSslErrors();
    const bool chain = why.find("certificate verify error") != std::string::npos;
    return fail(chain ? codes::kSignatureUntrusted : codes::kSignatureInvalid,
                (chain ? "the signer does not chain to the trust root (" :
                         "the signature does not verify against manifest.json (") + why + ")");
  }
  UniqueX509Stack signer_certs(CMS_get0_signers(cms.get()));
  if (signer_certs == nullptr || sk_X509_num(signer_certs.get()) != 1) {
    return fail(codes::kSignatureInvalid, "cannot identify the signer certificate");
  }
  X509* cert = sk_X509_value(signer_certs.get(), 0);
  X509_up_ref(cert);
  UniqueX509 signer(cert);
  sk_X509_zero(signer_certs.get());  // CMS_get0_signers's stack does not own its certificates
  if (signing_time != INT64_MIN) {
    const std::int64_t from = Asn1TimeToEpoch(X509_get0_notBefore(cert));
    const std::int64_t to = Asn1TimeToEpoch(X509_get0_notAfter(cert));
    if (signing_time < from || signing_time > to) {
      diags.Error(codes::kSignerNotValidAtSigningTime, "signature", "",
                  "signed at " + FormatUtc(signing_time) + ", outside the signer certificate's "
                  "validity (" + FormatUtc(from) + " to " + FormatUtc(to) + ")");
    }
  }
  return signer;
}

}  // namespace

Status Verify(std::string_view pkpass_bytes, const VerifyOptions& options, Diagnostics& diags) {
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
    if (complete) {
      CheckManifest(files, diags);
      UniqueX509 signer = CheckSignature(files, options, diags);
      files.erase("manifest.json");
      files.erase("signature");
      std::shared_ptr<const Model::Impl> model = CompileModel(files, diags);
      if (model != nullptr) {
        ResolvedPass pass;
        Resolve(*model, rapidjson::Value(rapidjson::kObjectType), {}, pass, diags);
        const std::string uid = signer ? SubjectEntry(signer.get(), NID_userId) : "";
        const std::string ou = signer ? SubjectEntry(signer.get(), NID_organizationalUnitName) : "";
        const SignerIdentity identity{
            uid, ou,
            signer && SubjectEntry(signer.get(), NID_commonName).starts_with("Pass Type ID with NFC:")};
        Validate(pass, signer ? &identity : nullptr, diags);
      }
    }
  }
  if (options.strict) diags.PromoteWarnings();
  diags.Sort();
  if (diags.has_errors()) {
    return Status::InvalidPass(std::to_string(diags.error_count()) + " error(s) in the pass");
  }
  return Status::Ok();
}

}  // namespace pkpass
