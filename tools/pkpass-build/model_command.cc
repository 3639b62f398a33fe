// pkpass-build model: a model folder from an event-ticket template. Flags and text: commands.cc.
#include <filesystem>
#include <iostream>

#include "cli.h"
#include "commands.h"
#include "pkpass/import.h"
#include "pkpass/model.h"

namespace pkpass::cli {

int RunModel(const Invocation& in) {
  const auto out = in.flags.Get("-o");
  if (!out || in.flags.positional().size() != 1 || in.from != PayloadFormat::kEventTicket) {
    return UsageError("model needs --from eventticket, a template file (or - for standard input) and -o DIR");
  }
  std::error_code ec;
  const bool updating = std::filesystem::exists(*out + "/pass.json", ec);
  if (!updating && (!in.flags.Get("--pass-type-id") || !in.flags.Get("--team-id") || !in.flags.Get("--icon"))) {
    return UsageError("a new model needs --pass-type-id and --team-id (the identity its passes are signed with) and "
                      "--icon PNG (the API's templates have no icon, which Wallet requires)");
  }
  Result<std::string> body = ReadInput(in.flags.positional().front());
  if (!body.ok()) return Report(in.format, body.status(), Diagnostics());
  Inputs inputs;
  if (Exit exit = inputs.Note(in)) return *exit;
  // The model changed: its files as they are.
  Diagnostics diags;
  std::map<std::string, std::string> existing;
  if (updating) {
    Result<std::map<std::string, std::string>> read = ReadModelFolder(*out, diags);
    if (!read.ok()) return Report(in.format, read.status(), diags);
    existing = std::move(*read);
  }
  TemplateOptions options;
  options.pass_type_identifier = in.flags.Get("--pass-type-id").value_or("");
  options.team_identifier = in.flags.Get("--team-id").value_or("");
  options.image_fetcher = inputs.validate(in.flags).image_fetcher;
  if (const auto icon = in.flags.Get("--icon")) {
    Result<std::string> png = ReadInput(*icon);
    if (!png.ok()) return Report(in.format, png.status(), diags);
    options.files["icon.png"] = std::move(*png);
  }
  // Validated as a template before anything is written.
  Result<std::map<std::string, std::string>> files = ImportTemplate(in.from, *body, existing, options, diags);
  if (!files.ok()) return Report(in.format, files.status(), diags);
  Result<std::vector<std::string>> written = WriteModelFolder(*out, *files, existing);
  if (!written.ok()) return Report(in.format, written.status(), diags);
  if (in.format == Format::kText) {
    std::cout << (updating ? "updated " : "wrote ") << *out << ":";
    for (const std::string& name : *written) std::cout << " " << name;
    std::cout << "\n";
  }
  return Report(in.format, Status::Ok(), diags, {{"output", *out}});
}

}  // namespace pkpass::cli
