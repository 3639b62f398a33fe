// pkpass-build model: a model folder from an event-ticket template. Flags and text: commands.cc.
#include <sys/stat.h>

#include <filesystem>
#include <iostream>

#include "cli.h"
#include "commands.h"
#include "pkpass/files.h"
#include "pkpass/import.h"
#include "pkpass/verify.h"

namespace pkpass::cli {
namespace {

// The most files read from a model to update: a template's model has pass.json, model.json and a
// few images.
constexpr size_t kMaxModelFiles = 64;

}  // namespace

int RunModel(const Invocation& in) {
  const Flags& flags = in.flags;
  const Format format = in.format;
  const PayloadFormat from = in.from;
  const auto out = flags.Get("-o");
  if (!out || flags.positional().size() != 1 || from != PayloadFormat::kEventTicket) {
    return UsageError("model needs --from eventticket, a template file (or - for standard input) and -o DIR");
  }
  std::error_code ec;
  const bool updating = std::filesystem::exists(*out + "/pass.json", ec);
  if (!updating && (!flags.Get("--pass-type-id") || !flags.Get("--team-id") || !flags.Get("--icon"))) {
    return UsageError("a new model needs --pass-type-id and --team-id (the identity its passes are signed with) and "
                      "--icon PNG (the API's templates have no icon, which Wallet requires)");
  }
  Result<std::string> body = ReadInput(flags.positional().front());
  if (!body.ok()) return Report(format, body.status(), Diagnostics());
  Result<std::optional<FileMapImageFetcher>> urls = ImageMapFlag(flags);
  if (!urls.ok()) {
    if (urls.status().code() == StatusCode::kInvalidArgument) return UsageError(urls.status().message());
    return Report(format, urls.status(), Diagnostics());
  }
  // The model changed: its files as they are (a flat folder, as this command writes it).
  std::map<std::string, std::string> existing;
  if (updating) {
    const OutputDir dir(*out);
    if (!dir.status().ok()) return Report(format, dir.status(), Diagnostics());
    for (const auto& entry : std::filesystem::directory_iterator(*out, ec)) {
      if (!entry.is_regular_file() || entry.is_symlink()) continue;
      if (existing.size() == kMaxModelFiles) {
        return Report(format, Status::InvalidArgument(*out + " holds more than " + std::to_string(kMaxModelFiles) +
                                                      " files: not a model this command made"), Diagnostics());
      }
      const std::string name = entry.path().filename().string();
      Result<std::string> bytes = dir.Read(name, kMaxArchiveBytes);
      if (!bytes.ok()) return Report(format, bytes.status(), Diagnostics());
      existing[name] = std::move(*bytes);
    }
    if (ec) return Report(format, Status::IoError("cannot read " + *out + ": " + ec.message()), Diagnostics());
  }
  TemplateOptions options;
  options.pass_type_identifier = flags.Get("--pass-type-id").value_or("");
  options.team_identifier = flags.Get("--team-id").value_or("");
  options.image_fetcher = *urls ? &**urls : nullptr;
  Diagnostics diags;
  if (const auto icon = flags.Get("--icon")) {
    Result<std::string> png = ReadInput(*icon);
    if (!png.ok()) return Report(format, png.status(), diags);
    options.files["icon.png"] = std::move(*png);
  }
  // Validated as a template before anything is written.
  Result<std::map<std::string, std::string>> files = ImportTemplate(from, *body, existing, options, diags);
  if (!files.ok()) return Report(format, files.status(), diags);
  std::filesystem::create_directories(*out, ec);
  if (ec) return Report(format, Status::IoError("cannot create " + *out + ": " + ec.message()), diags);
  const OutputDir dir(*out);
  if (!dir.status().ok()) return Report(format, dir.status(), diags);
  std::vector<std::string> written;
  for (const auto& [name, bytes] : *files) {
    auto before = existing.find(name);
    if (before != existing.end() && before->second == bytes) continue;  // unchanged
    if (Status put = dir.Write(name, bytes); !put.ok()) return Report(format, put, diags);
    written.push_back(name);
  }
  if (format == Format::kText) {
    std::cout << (updating ? "updated " : "wrote ") << *out << ":";
    for (const std::string& name : written) std::cout << " " << name;
    std::cout << "\n";
  }
  return Report(format, Status::Ok(), diags, {{"output", *out}});
}

}  // namespace pkpass::cli
