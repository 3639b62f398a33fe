// The driver: Model's public methods call the pipeline stages in order . Analysis
// stages collect diagnostics; the emit stages run only when there is no error.
#include <algorithm>
#include <charconv>
#include <cstdlib>
#include <ctime>
#include <filesystem>
#include <memory>
#include <vector>

#include "batch/issued_claim.h"
#include "emit/manifest.h"
#include "internals.h"
#include "emit/pass_json_writer.h"
#include "model/model_loader.h"
#include "overrides/generated_serial.h"
#include "overrides/parsed_overrides.h"
#include "pkpass/diagnostic_codes.h"
#include "pkpass/files.h"
#include "pkpass/issued.h"
#include "pkpass/model.h"
#include "pkpass/verify.h"
#include "prepared_pass_impl.h"
#include "resolve/barcode_values.h"
#include "resolve/resolver.h"
#include "sign/signer_impl.h"
#include "sign/x509_util.h"
#include "util/json_pointer.h"
#include "zip/archive_reader.h"
#include "util/sha1.h"
#include "util/status_macros.h"
#include "validate/validator.h"

namespace pkpass {
namespace {

// Orders `diags` by file, then within a file by `position` (lexicographically; a diagnostic's
// place in its document), keeping the order of equal positions.
template <typename Position>
void SortByPosition(Diagnostics& diags, Position position) {
  std::vector<std::pair<std::vector<size_t>, size_t>> keys(diags.size());
  for (size_t i = 0; i < diags.size(); ++i) keys[i] = {position(diags.items()[i]), i};
  std::stable_sort(keys.begin(), keys.end(), [&](const auto& a, const auto& b) {
    const Diagnostic& da = diags.items()[a.second];
    const Diagnostic& db = diags.items()[b.second];
    if (da.file != db.file) return da.file < db.file;
    return a.first < b.first;
  });
  Diagnostics sorted;
  for (const auto& key : keys) sorted.Add(diags.items()[key.second]);
  diags = std::move(sorted);
}

// Sorts the diagnostics (by file, then in document order within overrides and pass.json) and,
// when strict, promotes them; returns kInvalidPass if any is an error.
Status Conclude(Diagnostics& diags, bool strict, const Model::Impl& model,
                const rapidjson::Value& overrides) {
  if (strict) diags.PromoteWarnings();
  SortByPosition(diags, [&](const Diagnostic& d) {
    if (d.file == kOverridesFile) return DocumentPosition(overrides, d.pointer);
    if (d.file == "pass.json") return DocumentPosition(model.pass_json, d.pointer);
    return std::vector<size_t>();
  });
  if (!diags.has_errors()) return Status::Ok();
  return ErrorsIn(diags.error_count(), "the pass");
}

// With `required`, refuses overrides that give no serialNumber, from a model that generates
// none (ValidateOptions::require_serial).
void CheckSerialGiven(const Model::Impl& model, const rapidjson::Value& overrides, bool required,
                      Diagnostics& diags) {
  const rapidjson::Value* serial = Member(overrides, "serialNumber");
  if (!required || model.config.generate_serials || (serial != nullptr && !serial->IsNull())) return;
  diags.Error(codes::kSerialFromModel, std::string(kOverridesFile), "/serialNumber",
              "the overrides give no serialNumber, and the model's own is a template value that "
              "every pass would share: give one, let model.json generate them "
              "(\"serialNumbers\": {\"generate\": \"uuid\"}), or take the model's for a single test pass");
}

// Resolves and validates one pass (or, when `pass.is_model` is set, the model as a template),
// reusing what validating the model reported where the pass leaves it as it is, unless `full`.
void Analyse(const Model::Impl& model, const rapidjson::Value& overrides,
             ResolveOptions options, bool full, const SignerIdentity* signer, ResolvedPass& pass,
             Diagnostics& diags) {
  options.every_value = full;
  Resolve(model, overrides, options, pass, diags);
  Validate(pass, signer, diags, full ? nullptr : &MemoOf(model));
}

// Adds pass-too-large and returns false when the archive of `pass` could exceed what Verify
// reads: more than kMaxArchiveEntries entries with the manifest and the signature, or more than
// kMaxArchiveBytes (which also bounds its files expanded), counting every file, expanded or
// stored, whichever is larger, each entry's two headers, and room for any signature.
bool FitsVerify(const PreparedPass::Impl& pass, Diagnostics& diags) {
  const std::vector<BundleFile> files = pass.Files();
  const size_t entries = files.size() + 2;
  if (entries > kMaxArchiveEntries) {
    diags.Error(codes::kPassTooLarge, "", "",
                "the pass would have " + std::to_string(entries) + " files with its manifest and "
                "signature; a .pkpass may have at most " + std::to_string(kMaxArchiveEntries) +
                    ", and verify refuses more");
    return false;
  }
  constexpr size_t kSignatureAllowance = 64u << 10;
  constexpr size_t kEntryHeaders = 128;  // local and central headers, without the name
  size_t size = kSignatureAllowance + pass.manifest.size() + 2 * kEntryHeaders + 64;
  for (const BundleFile& file : files) {
    const size_t stored = file.archived != nullptr && file.archived->deflated
                              ? file.archived->data.size() : file.bytes.size();
    size += std::max(stored, file.bytes.size()) + kEntryHeaders + 2 * file.path.size();
  }
  if (size <= kMaxArchiveBytes) return true;
  diags.Error(codes::kPassTooLarge, "", "",
              "the pass would be about " + std::to_string(size) + " bytes; a .pkpass may be at "
              "most " + std::to_string(kMaxArchiveBytes) + ", and verify refuses a larger one");
  return false;
}

// Claims the resolved pass's serial and, when the model keeps barcode messages unique or
// generates them, its messages in `issued` (ClaimIssuedPass). The claim is made whatever else is
// wrong with the pass, as a batch makes it: a message belongs to the first pass that asks.
Status ClaimIssued(const Model::Impl& model, const ResolvedPass& pass, IssuedValues& issued, Diagnostics& diags) {
  const rapidjson::Value* serial = Member(pass.pass_json, "serialNumber");
  if (serial == nullptr || !serial->IsString()) return Status::Ok();
  IssuedPass claim{std::string(StringOf(*serial)), {}, {}, 0, ""};
  if (model.config.unique_barcodes || model.config.barcode_values) {
    auto add = [&claim](const rapidjson::Value& barcode) {
      const rapidjson::Value* message = Member(barcode, "message");
      if (message != nullptr && message->IsString()) claim.barcodes.emplace_back(StringOf(*message));
    };
    if (const rapidjson::Value* list = Member(pass.pass_json, "barcodes"); list != nullptr && list->IsArray()) {
      for (const rapidjson::Value& barcode : list->GetArray()) add(barcode);
    }
    if (const rapidjson::Value* legacy = Member(pass.pass_json, "barcode")) add(*legacy);
  }
  if (model.config.nfc_values) {
    const rapidjson::Value* nfc = Member(pass.pass_json, "nfc");
    const rapidjson::Value* message = nfc != nullptr ? Member(*nfc, "message") : nullptr;
    if (message != nullptr && message->IsString()) claim.nfc.emplace_back(StringOf(*message));
  }
  return ClaimIssuedPass(issued, std::move(claim), model.config.unique_barcodes, diags).status();
}

Result<Model> Compiled(std::shared_ptr<const Model::Impl> impl, Diagnostics& diags) {
  diags.Sort();
  if (impl == nullptr) {
    return ErrorsIn(diags.error_count(), "the model");
  }
  return Internals::MakeModel(std::move(impl));
}

}  // namespace

Result<Model> Model::Load(std::string_view dir, Diagnostics& diags, const LoadOptions& options) {
  std::map<std::string, std::string> files;
  const size_t errors_before = diags.error_count();
  PKPASS_RETURN_IF_ERROR(ReadModelDirectory(dir, files, diags));
  if (diags.error_count() != errors_before) return Compiled(nullptr, diags);
  return Compiled(CompileModel(files, diags, options.derive_images), diags);
}

Result<Model> Model::FromFiles(const std::map<std::string, std::string>& files,
                               Diagnostics& diags, const LoadOptions& options) {
  return Compiled(CompileModel(files, diags, options.derive_images), diags);
}

Result<std::optional<std::int64_t>> SourceDateEpoch() {
  const char* epoch = std::getenv("SOURCE_DATE_EPOCH");
  if (epoch == nullptr || *epoch == '\0') return std::optional<std::int64_t>();
  const std::string_view text(epoch);
  std::int64_t seconds = 0;
  const auto [end, error] = std::from_chars(text.data(), text.data() + text.size(), seconds);
  if (error != std::errc() || end != text.data() + text.size() || seconds < 0) {
    return Status::InvalidArgument("SOURCE_DATE_EPOCH must be a whole number of seconds");
  }
  return std::optional<std::int64_t>(seconds);
}

Result<std::map<std::string, std::string>> ReadModelFolder(std::string_view dir, Diagnostics& diags) {
  std::map<std::string, std::string> files;
  const size_t errors_before = diags.error_count();
  PKPASS_RETURN_IF_ERROR(ReadModelDirectory(dir, files, diags));
  if (diags.error_count() != errors_before) return ErrorsIn(diags.error_count() - errors_before, "the model");
  return files;
}

Result<std::vector<std::string>> WriteModelFolder(const std::string& dir, const std::map<std::string, std::string>& files,
                                                  const std::map<std::string, std::string>& before) {
  std::error_code ec;
  std::filesystem::create_directories(dir, ec);
  if (ec) return Status::IoError("cannot create " + dir + ": " + ec.message());
  const OutputDir out(dir);
  PKPASS_RETURN_IF_ERROR(out.status());
  std::vector<std::string> written;
  for (const auto& [name, bytes] : files) {
    const auto earlier = before.find(name);
    if (earlier != before.end() && earlier->second == bytes) continue;  // unchanged
    const size_t slash = name.rfind('/');
    if (slash == std::string::npos) {
      PKPASS_RETURN_IF_ERROR(out.Write(name, bytes));
    } else {
      PKPASS_RETURN_IF_ERROR(WriteFileAtomically(dir + "/" + name, bytes));
    }
    written.push_back(name);
  }
  return written;
}

bool Model::generates_barcode_values() const { return impl_->config.barcode_values.has_value(); }

bool Model::generates_serials() const { return impl_->config.generate_serials; }

std::vector<std::string> Model::file_names() const {
  std::vector<std::string> names;
  for (const auto& entry : impl_->files) names.push_back(entry.first);
  return names;
}

Result<std::string> Model::Resolve(const ParsedOverrides& parsed, const ValidateOptions& options,
                                   Diagnostics& diags) const {
  const rapidjson::Value& overrides = Internals::Get(parsed).doc;
  ResolvedPass pass;
  pass.allow_http_web_service = options.allow_http_web_service;
  CheckSerialGiven(*impl_, overrides, options.require_serial, diags);
  Analyse(*impl_, overrides,
          {options.image_store, options.barcode_registry, options.image_fetcher, false, options.web_service_url,
           options.authentication_token, options.derive_images},
          options.full_validation, nullptr, pass, diags);
  PKPASS_RETURN_IF_ERROR(Conclude(diags, options.strict, *impl_, overrides));
  return WritePassJson(pass.pass_json, impl_->pass_json_bytes);
}

Status Model::Validate(const ValidateOptions& options, Diagnostics& diags) const {
  const rapidjson::Value overrides(rapidjson::kObjectType);
  ResolvedPass pass;
  pass.is_model = true;
  Analyse(*impl_, overrides, {options.image_store, options.barcode_registry, options.image_fetcher}, true, nullptr,
          pass, diags);
  return Conclude(diags, options.strict, *impl_, overrides);
}

Result<bool> Model::Complete(ParsedOverrides& parsed, const ValidateOptions& options) const {
  PKPASS_ASSIGN_OR_RETURN(const bool serial, CompleteSerial(*impl_, parsed));
  PKPASS_ASSIGN_OR_RETURN(const bool barcode, CompleteBarcode(impl_->config, Internals::Get(parsed).doc,
                                                              options.barcode_registry));
  PKPASS_ASSIGN_OR_RETURN(const bool nfc, CompleteNfc(impl_->config, Internals::Get(parsed).doc,
                                                      options.barcode_registry));
  const bool added = serial || barcode || nfc;
  Internals::Get(parsed).completed = Internals::Get(parsed).completed || added;
  return added;
}

Result<PreparedPass> Model::Prepare(const ParsedOverrides& parsed, const Signer& signer,
                                    const BuildOptions& options, Diagnostics& diags) const {
  const Signer::Impl& identity = Internals::Get(signer);
  const std::int64_t now =
      options.timestamp.value_or(static_cast<std::int64_t>(std::time(nullptr)));
  if (now < identity.not_before || now > identity.not_after) {
    return Status::InvalidArgument("the signing time " + FormatUtc(now) +
                                   " is outside the signer certificate's validity (" +
                                   FormatUtc(identity.not_before) + " to " +
                                   FormatUtc(identity.not_after) + ")");
  }

  auto prepared = std::make_unique<PreparedPass::Impl>(impl_, signer);
  prepared->digest = options.digest;
  prepared->signing_time = now;
  const rapidjson::Value& overrides = Internals::Get(parsed).doc;
  const SignerIdentity expected{identity.pass_type_identifier, identity.team_identifier,
                                identity.common_name.starts_with("Pass Type ID with NFC:")};
  BarcodeRegistry backed;  // generated values avoid what `options.issued` holds
  BarcodeRegistry* registry = options.validate.barcode_registry;
  if (options.issued != nullptr && registry == nullptr) {
    backed.SetIssued(options.issued);
    registry = &backed;
  }
  CheckSerialGiven(*impl_, overrides, options.validate.require_serial, diags);
  prepared->pass.allow_http_web_service = options.validate.allow_http_web_service;
  Analyse(*impl_, overrides,
          {options.validate.image_store, registry, options.validate.image_fetcher, false,
           options.validate.web_service_url, options.validate.authentication_token, options.validate.derive_images},
          options.validate.full_validation, &expected, prepared->pass, diags);
  if (options.issued != nullptr) PKPASS_RETURN_IF_ERROR(ClaimIssued(*impl_, prepared->pass, *options.issued, diags));
  PKPASS_RETURN_IF_ERROR(Conclude(diags, options.validate.strict, *impl_, overrides));

  prepared->pass_json = WritePassJson(prepared->pass.pass_json, impl_->pass_json_bytes);
  prepared->pass_json_sha1 = Sha1Hex(prepared->pass_json);
  prepared->manifest = WriteManifest(prepared->Files());
  if (!FitsVerify(*prepared, diags)) {
    return ErrorsIn(diags.error_count(), "the pass");
  }
  return Internals::MakePreparedPass(std::move(prepared));
}

Result<std::string> Model::Build(ParsedOverrides& overrides, const Signer& signer, const BuildOptions& options,
                                 Diagnostics& diags) const {
  // Generated values avoid what `options.issued` holds, as Prepare's do.
  BarcodeRegistry backed;
  ValidateOptions completing = options.validate;
  if (options.issued != nullptr && completing.barcode_registry == nullptr) {
    backed.SetIssued(options.issued);
    completing.barcode_registry = &backed;
  }
  PKPASS_RETURN_IF_ERROR(Complete(overrides, completing).status());
  BuildOptions preparing = options;
  preparing.validate.barcode_registry = completing.barcode_registry;
  PKPASS_ASSIGN_OR_RETURN(PreparedPass pass, Prepare(overrides, signer, preparing, diags));
  PKPASS_RETURN_IF_ERROR(pass.Sign());
  return pass.Archive();
}

Result<std::string> Model::Build(std::string_view overrides_json, const Signer& signer, const BuildOptions& options,
                                 Diagnostics& diags) const {
  PKPASS_ASSIGN_OR_RETURN(ParsedOverrides parsed, ParsedOverrides::Parse(overrides_json, diags));
  return Build(parsed, signer, options, diags);
}

}  // namespace pkpass
