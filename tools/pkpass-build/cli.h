// Shared plumbing of the pkpass-build commands: flag parsing, loading their inputs through the
// library, and printing results.
#ifndef PKPASS_TOOLS_CLI_H_
#define PKPASS_TOOLS_CLI_H_

#include <map>
#include <memory>
#include <optional>
#include <string>
#include <string_view>
#include <vector>

#include "pkpass/diagnostic.h"
#include "pkpass/image_store.h"
#include "pkpass/import.h"
#include "pkpass/issued.h"
#include "pkpass/model.h"
#include "pkpass/signer.h"
#include "pkpass/files.h"

namespace pkpass::cli {

// Exit codes: 0 done (warnings allowed), 1 input rejected, 2 usage, 3 I/O or crypto failure.
inline constexpr int kExitOk = 0;
inline constexpr int kExitRejected = 1;
inline constexpr int kExitUsage = 2;
inline constexpr int kExitOperational = 3;

enum class Format { kText, kJson };

// One flag of a command: its name, the name of its value ("" for a switch) and one line of help.
struct FlagSpec {
  std::string_view name;
  std::string_view value;
  std::string_view help;
};

// Parsed command line: "--name value" options, boolean switches and positional arguments.
class Flags {
 public:
  // Parses `args` against `specs`. Returns false, with `error` set, on an unknown option or a
  // missing value.
  bool Parse(const std::vector<std::string>& args, const std::vector<FlagSpec>& specs, std::string& error);

  std::optional<std::string> Get(std::string_view name) const;
  bool Has(std::string_view name) const { return switches_.contains(std::string(name)); }
  const std::vector<std::string>& positional() const { return positional_; }

 private:
  std::map<std::string, std::string> values_;
  std::map<std::string, bool> switches_;
  std::vector<std::string> positional_;
};

// A command line, parsed against its command's flags: --format and --from (when the command
// takes them) are read already.
struct Invocation {
  Flags flags;
  Format format = Format::kText;
  PayloadFormat from = PayloadFormat::kPass2u;

  const std::vector<std::string>& positional() const { return flags.positional(); }
};

// Reads `--format`; returns false on a bad value.
bool ParseFormat(const Flags& flags, Format& format, std::string& error);

// Fills `options` from --digest, --strict, --deterministic and SOURCE_DATE_EPOCH; returns false,
// with `error` set, on a bad value.
bool ParseBuildOptions(const Flags& flags, BuildOptions& options, std::string& error);

// Reads the file named by the option `name` (standard input for "-"); "" when it is not given.
Result<std::string> ReadOptionalInput(const Flags& flags, std::string_view name);

// A command's way out: the exit code to return, once what went wrong has been printed; nullopt
// to go on.
using Exit = std::optional<int>;

// What build, validate and batch read besides their overrides or records, each only when its
// flag is given: the model, the signer, the image sources (--image-dir, --image-map) and the
// issued journal (--issued).
class Inputs {
 public:
  // Notes the files of the model and of the signing flags as inputs of this run, and reads
  // --image-map (and notes its files).
  Exit Note(const Invocation& in);
  // Loads the signer (when `sign`) and the model (when --model is given). Call after Note, once
  // every output has been checked.
  Exit Load(const Invocation& in, bool sign);
  // Opens --issued, when given.
  Exit OpenIssued(const Invocation& in);

  // --strict and the image sources.
  ValidateOptions validate(const Flags& flags) const;
  const Model& model() const { return *model_; }
  const Model* model_if_given() const { return model_ ? &*model_ : nullptr; }
  const Signer& signer() const { return *signer_; }
  IssuedJournal* journal() const { return journal_.get(); }
  Diagnostics diags;  // the model's, and then the command's

 private:
  std::optional<Model> model_;
  std::optional<Signer> signer_;
  std::optional<DirectoryImageStore> images_;
  std::optional<FileMapImageFetcher> urls_;
  std::unique_ptr<IssuedJournal> journal_;
};

// --from FORMAT: the shape of the overrides or records (pkpass/import.h); pass2u when absent.
// Returns false, with `error` set, for another name.
bool ParseFrom(const Flags& flags, PayloadFormat& from, std::string& error);

// Returns `payload`, written in the format `from`, as native overrides for `model`, parsed, with
// the import's problems in `diags`; `imported` then points later diagnostics back into the
// payload. pass2u is the native form: `imported` stays empty.
Result<ParsedOverrides> ImportFrom(PayloadFormat from, const std::string& payload, const Model& model,
                                   std::optional<ImportedPayload>& imported, Diagnostics& diags);

// Prints overrides made by a command (convert, patch, reset): text, the JSON on stdout and the
// problems on stderr; json, {"ok", "overrides", "diagnostics"}. Returns the exit code.
int ReportOverrides(Format format, const Result<std::string>& overrides, const Diagnostics& diags);

// Prints the outcome: diagnostics and the message of `status`; text to stderr, or one JSON
// object {"ok":bool,"diagnostics":[...]} (with "error" when an operational error occurred and
// any `extra` members) to stdout. Returns the exit code for `status`.
// `json_extra` holds members whose values are JSON objects already, written as they are.
int Report(Format format, const Status& status, const Diagnostics& diags,
           const std::map<std::string, std::string>& extra = {},
           const std::map<std::string, std::string>& json_extra = {});

// Returns the password named by PREFIX-pass-env or PREFIX-pass-file ("--key"), or "" when neither
// is given. kInvalidArgument for a usage problem (`usage` set true).
Result<std::string> ReadPassword(const Flags& flags, std::string_view prefix, bool& usage);

// The signing files and password the SIGNING flags name. kInvalidArgument for a usage problem
// (`usage` set true).
Result<Signer::Files> SigningFiles(const Flags& flags, bool& usage);

// Prints why a step on an input failed (`about` names the input, or is empty) and returns
// kExitRejected for a refused input (kInvalidArgument), kExitOperational otherwise: text on
// stderr, or {"ok":false,"error":...} on stdout.
int Failed(Format format, const Status& status, std::string_view about = "");

// Prints a usage error and returns kExitUsage.
int UsageError(std::string_view message);

}  // namespace pkpass::cli

#endif  // PKPASS_TOOLS_CLI_H_
