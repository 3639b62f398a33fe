// pkpass-build build: one signed pass. Flags and text: commands.cc.
#include <iostream>

#include "cli.h"
#include "commands.h"
#include "pkpass/barcode_registry.h"
#include "pkpass/diagnostic_codes.h"
#include "pkpass/model.h"

namespace pkpass::cli {
int RunBuild(const Invocation& in) {
  const Flags& flags = in.flags;
  const Format format = in.format;
  const PayloadFormat from = in.from;
  const auto model_dir = flags.Get("--model");
  const auto out = flags.Get("-o");
  if (!model_dir || !out || !flags.positional().empty()) {
    return UsageError("build needs --model DIR, the signing flags and -o OUT.pkpass");
  }
  BuildOptions options;
  std::string error;
  if (!ParseBuildOptions(flags, options, error)) return UsageError(error);
  NoteModelInputs(*model_dir);

  bool usage = false;
  Result<Signer> signer = LoadSigner(flags, usage);
  if (!signer.ok()) {
    if (usage) return UsageError(signer.status().message());
    return Report(format, signer.status(), Diagnostics());
  }
  Result<std::string> payload = ReadOptionalInput(flags, "--overrides");
  if (!payload.ok()) return Report(format, payload.status(), Diagnostics());
  Result<std::optional<FileMapImageFetcher>> urls = ImageMapFlag(flags);  // notes its files
  if (!urls.ok()) {
    if (urls.status().code() == StatusCode::kInvalidArgument) return UsageError(urls.status().message());
    return Report(format, urls.status(), Diagnostics());
  }
  // Checked now, with every input noted, and again as the file is put in place.
  if (Status target = CheckOutputPath(*out); !target.ok()) return UsageError(target.message());
  if (const auto issued = flags.Get("--issued"); issued && PlaceOf(*issued) == PlaceOf(*out)) {
    return UsageError("--issued and -o name one file, " + *out);
  }
  Diagnostics diags;
  Result<Model> model = Model::Load(*model_dir, diags);
  if (!model.ok()) return Report(format, model.status(), diags);
  const std::optional<DirectoryImageStore> images = ImageStoreFlag(flags);
  options.image_store = images ? &*images : nullptr;
  options.image_fetcher = *urls ? &**urls : nullptr;
  std::optional<ImportedPayload> imported;
  Result<std::string> overrides = ImportFrom(from, *payload, *model, imported, diags);
  if (!overrides.ok()) return Report(format, overrides.status(), diags);
  // Parsed once. A generated barcode is made here, not inside Prepare, so that it can be reported.
  Result<ParsedOverrides> parsed = ParsedOverrides::Parse(*overrides, diags);
  if (!parsed.ok()) return Report(format, parsed.status(), diags);
  // With --issued, a generated value is none another pass holds, and the pass's values are claimed.
  Result<std::unique_ptr<IssuedJournal>> journal = IssuedFlag(flags);
  if (!journal.ok()) return Report(format, journal.status(), diags);
  BarcodeRegistry issued_values;
  if (*journal) {
    issued_values.SetIssued(journal->get());
    options.barcode_registry = &issued_values;
    options.issued = journal->get();
  }
  Result<bool> added = model->Complete(*parsed, {.barcode_registry = options.barcode_registry});
  if (!added.ok()) return Report(format, added.status(), diags);
  const std::string completed = *added ? parsed->ToJson() : *overrides;
  // The model's serial is a template value: two passes with it replace each other on a phone.
  options.require_serial = !flags.Has("--model-serial");
  Result<PreparedPass> prepared = model->Prepare(*parsed, *signer, options, diags);
  if (imported) imported->PointIntoPayload(diags);
  if (!prepared.ok()) return Report(format, prepared.status(), diags);
  if (Status signed_ok = prepared->Sign(); !signed_ok.ok()) return Report(format, signed_ok, diags);
  Result<std::string> pkpass = prepared->Archive();
  if (!pkpass.ok()) return Report(format, pkpass.status(), diags);
  if (*journal) {
    if (Status synced = (*journal)->Sync(); !synced.ok()) return Report(format, synced, diags);
  }
  if (Status written = WriteFileAtomically(*out, *pkpass); !written.ok()) {
    return Report(format, written, diags);
  }
  std::map<std::string, std::string> extra = {{"output", *out}};
  if (*added) extra["completedOverrides"] = completed;
  if (format == Format::kText) {
    std::cout << "wrote " << *out << " (" << pkpass->size() << " bytes)\n";
    if (*added) std::cout << "completed overrides: " << completed << "\n";
  }
  return Report(format, Status::Ok(), diags, extra);
}

}  // namespace pkpass::cli
