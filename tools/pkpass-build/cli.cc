#include "cli.h"

#include <filesystem>
#include <iostream>

#include <rapidjson/stringbuffer.h>
#include <rapidjson/writer.h>

namespace pkpass::cli {

bool Flags::Parse(const std::vector<std::string>& args, const std::vector<FlagSpec>& specs, std::string& error) {
  // 0: not a flag of the command; 1: a switch; 2: takes a value.
  auto kind = [&specs](std::string_view name) {
    for (const FlagSpec& spec : specs) {
      if (spec.name == name) return spec.value.empty() ? 1 : 2;
    }
    return 0;
  };
  for (size_t i = 0; i < args.size(); ++i) {
    std::string arg = args[i];
    if (arg.size() < 2 || arg[0] != '-' || arg == "-") {
      positional_.push_back(arg);
      continue;
    }
    std::string value;
    bool inline_value = false;
    if (const size_t eq = arg.find('='); arg.starts_with("--") && eq != std::string::npos) {
      value = arg.substr(eq + 1);
      arg = arg.substr(0, eq);
      inline_value = true;
    }
    if (kind(arg) == 1 && !inline_value) {
      switches_[arg] = true;
    } else if (kind(arg) == 2) {
      if (!inline_value) {
        if (i + 1 >= args.size()) {
          error = arg + " needs a value";
          return false;
        }
        value = args[++i];
      }
      values_[arg] = value;
    } else {
      error = "unknown option " + arg;
      return false;
    }
  }
  return true;
}

std::optional<std::string> Flags::Get(std::string_view name) const {
  auto it = values_.find(std::string(name));
  if (it == values_.end()) return std::nullopt;
  return it->second;
}

bool ParseFormat(const Flags& flags, Format& format, std::string& error) {
  const std::string value = flags.Get("--format").value_or("text");
  if (value == "text") {
    format = Format::kText;
  } else if (value == "json") {
    format = Format::kJson;
  } else {
    error = "--format must be text or json";
    return false;
  }
  return true;
}

bool ParseBuildOptions(const Flags& flags, BuildOptions& options, std::string& error) {
  options.validate.strict = flags.Has("--strict");
  const std::string digest = flags.Get("--digest").value_or("sha256");
  if (digest == "sha1") {
    options.digest = Digest::kSha1;
  } else if (digest != "sha256") {
    error = "--digest must be sha256 or sha1";
    return false;
  }
  Result<std::optional<std::int64_t>> epoch = SourceDateEpoch();
  if (!epoch.ok()) {
    error = epoch.status().message();
    return false;
  }
  options.timestamp = *epoch;
  if (flags.Has("--deterministic") && !options.timestamp) {
    error = "--deterministic needs SOURCE_DATE_EPOCH, the time to stamp the pass with";
    return false;
  }
  return true;
}

Result<std::string> ReadOptionalInput(const Flags& flags, std::string_view name) {
  const auto path = flags.Get(name);
  if (!path) return std::string();
  return ReadInput(*path);
}

namespace {

Result<std::optional<FileMapImageFetcher>> ImageMapFlag(const Flags& flags) {
  const auto path = flags.Get("--image-map");
  if (!path) return std::optional<FileMapImageFetcher>();
  Result<FileMapImageFetcher> map = FileMapImageFetcher::Load(*path);
  if (!map.ok()) return map.status();
  return std::optional<FileMapImageFetcher>(std::move(*map));
}

void NoteModelInputs(const std::string& dir) {
  // A model holds files and one level of xx.lproj folders; a folder far larger is no model, and
  // the loader refuses it.
  constexpr size_t kMaxEntries = 4096;
  std::error_code ec;
  size_t entries = 0;
  for (auto it = std::filesystem::recursive_directory_iterator(dir, ec);
       !ec && it != std::filesystem::recursive_directory_iterator() && entries++ < kMaxEntries;
       it.increment(ec)) {
    if (it.depth() >= 1) it.disable_recursion_pending();
    if (it->is_regular_file(ec)) NoteInputPath(it->path().string());
  }
}

}  // namespace

Result<std::string> ReadPassword(const Flags& flags, std::string_view prefix, bool& usage) {
  Result<std::string> password =
      ReadSecret(flags.Get(std::string(prefix) + "-pass-env"), flags.Get(std::string(prefix) + "-pass-file"));
  usage = !password.ok() && password.status().code() == StatusCode::kInvalidArgument;
  if (usage && password.status().message().starts_with("give ")) {
    return Status::InvalidArgument("give " + std::string(prefix) + "-pass-env or " + std::string(prefix) +
                                   "-pass-file, not both");
  }
  return password;
}

namespace {

// `signer`, or why it failed with the flags that give a password named when none was given.
Result<Signer> WithPasswordHint(Result<Signer> signer, const std::string& password, const std::string& prefix) {
  if (signer.ok() || !password.empty() || signer.status().code() != StatusCode::kInvalidArgument ||
      signer.status().message().find("password") == std::string::npos) {
    return signer;
  }
  return Status::InvalidArgument(signer.status().message() + " (use " + prefix + "-pass-env VAR or " + prefix +
                                 "-pass-file FILE)");
}

// Loads the signer the flags name. kInvalidArgument for a usage problem (`usage` set true).
Result<Signer> LoadSigner(const Flags& flags, bool& usage) {
  Result<Signer::Files> files = SigningFiles(flags, usage);
  if (!files.ok()) return files.status();
  return WithPasswordHint(Signer::FromFiles(*files), files->password, files->p12.empty() ? "--key" : "--p12");
}

}  // namespace

Result<Signer::Files> SigningFiles(const Flags& flags, bool& usage) {
  usage = true;
  const bool p12 = flags.Get("--p12").has_value();
  Signer::Files files{flags.Get("--wwdr").value_or(""), flags.Get("--cert").value_or(""),
                      flags.Get("--key").value_or(""), flags.Get("--p12").value_or(""), ""};
  if (files.wwdr.empty()) return Status::InvalidArgument("--wwdr FILE is required for signing");
  if (p12 && (flags.Get("--cert") || flags.Get("--key"))) {
    return Status::InvalidArgument("give --p12, or --cert and --key, not both");
  }
  if (!p12 && (files.cert.empty() || files.key.empty())) {
    return Status::InvalidArgument("signing needs --cert and --key, or --p12");
  }
  Result<std::string> password = ReadPassword(flags, p12 ? "--p12" : "--key", usage);
  if (!password.ok()) return password.status();
  files.password = std::move(*password);
  usage = false;
  return files;
}

Exit Inputs::Note(const Invocation& in) {
  if (const auto dir = in.flags.Get("--model")) NoteModelInputs(*dir);
  for (const std::string_view input : {"--cert", "--key", "--key-pass-file", "--wwdr", "--p12", "--p12-pass-file",
                                       "--patch", "--patch-all"}) {
    if (const auto path = in.flags.Get(input)) NoteInputPath(*path);
  }
  Result<std::optional<FileMapImageFetcher>> urls = ImageMapFlag(in.flags);  // notes its files
  if (!urls.ok()) {
    if (urls.status().code() == StatusCode::kInvalidArgument) return UsageError(urls.status().message());
    return Report(in.format, urls.status(), Diagnostics());
  }
  urls_ = std::move(*urls);
  if (const auto dir = in.flags.Get("--image-dir")) images_.emplace(*dir);
  return std::nullopt;
}

Exit Inputs::Load(const Invocation& in, bool sign) {
  if (sign) {
    bool usage = false;
    Result<Signer> signer = LoadSigner(in.flags, usage);
    if (!signer.ok()) return usage ? UsageError(signer.status().message()) : Report(in.format, signer.status(), diags);
    signer_.emplace(std::move(*signer));
  }
  if (!in.flags.Get("--model")) return std::nullopt;
  Result<Model> model = Model::Load(*in.flags.Get("--model"), diags, {.derive_images = in.flags.Has("--derive-images")});
  if (!model.ok()) return Report(in.format, model.status(), diags);
  model_.emplace(std::move(*model));
  return std::nullopt;
}

Exit Inputs::OpenIssued(const Invocation& in) {
  if (const auto path = in.flags.Get("--issued")) {
    Result<std::unique_ptr<IssuedJournal>> journal = IssuedJournal::Open(*path);
    if (!journal.ok()) return Report(in.format, journal.status(), diags);
    journal_ = std::move(*journal);
  }
  return std::nullopt;
}

ValidateOptions Inputs::validate(const Flags& flags) const {
  return {.strict = flags.Has("--strict"),
          .image_store = images_ ? &*images_ : nullptr,
          .image_fetcher = urls_ ? &*urls_ : nullptr,
          .derive_images = flags.Has("--derive-images")};
}

int Failed(Format format, const Status& status, std::string_view about) {
  const std::string message = (about.empty() ? "" : std::string(about) + ": ") + status.message();
  if (format == Format::kJson) {
    rapidjson::StringBuffer buffer;
    rapidjson::Writer<rapidjson::StringBuffer> w(buffer);
    w.StartObject();
    w.Key("ok");
    w.Bool(false);
    w.Key("error");
    w.String(ToValidUtf8(message));
    w.EndObject();
    std::cout << buffer.GetString() << "\n";
  } else {
    std::cerr << "pkpass-build: " << message << "\n";
  }
  return status.code() == StatusCode::kInvalidArgument ? kExitRejected : kExitOperational;
}

int Report(Format format, const Status& status, const Diagnostics& diags,
           const std::map<std::string, std::string>& extra,
           const std::map<std::string, std::string>& json_extra) {
  const bool operational = !status.ok() && status.code() != StatusCode::kInvalidPass;
  if (format == Format::kJson) {
    rapidjson::StringBuffer buffer;
    rapidjson::Writer<rapidjson::StringBuffer> w(buffer);
    w.StartObject();
    w.Key("ok");
    w.Bool(status.ok());
    auto string = [&w](std::string_view s) {
      const std::string valid = ToValidUtf8(s);
      w.String(valid.data(), static_cast<rapidjson::SizeType>(valid.size()));
    };
    if (operational) {
      w.Key("error");
      string(status.message());
    }
    for (const auto& [key, value] : extra) {
      w.Key(key.c_str(), static_cast<rapidjson::SizeType>(key.size()));
      string(value);
    }
    for (const auto& [key, value] : json_extra) {
      w.Key(key.c_str(), static_cast<rapidjson::SizeType>(key.size()));
      w.RawValue(value.data(), value.size(), rapidjson::kObjectType);
    }
    w.Key("diagnostics");
    const std::string list = FormatJson(diags);
    w.RawValue(list.data(), list.size(), rapidjson::kArrayType);
    w.EndObject();
    std::cout << buffer.GetString() << "\n";
  } else {
    std::cerr << FormatText(diags);
    if (operational) std::cerr << "pkpass-build: " << status.message() << "\n";
  }
  if (status.ok()) return kExitOk;
  return operational ? kExitOperational : kExitRejected;
}

bool ParseFrom(const Flags& flags, PayloadFormat& from, std::string& error) {
  const std::optional<std::string> name = flags.Get("--from");
  from = PayloadFormat::kPass2u;
  if (!name) return true;
  if (std::optional<PayloadFormat> named = PayloadFormatNamed(*name)) {
    from = *named;
    return true;
  }
  error = "--from takes pass2u, eventticket, airship or passcreator, not \"" + *name + "\"";
  return false;
}

Result<ParsedOverrides> ImportFrom(PayloadFormat from, const std::string& payload, const Model& model,
                                   std::optional<ImportedPayload>& imported, Diagnostics& diags) {
  if (from == PayloadFormat::kPass2u) return ParsedOverrides::Parse(payload, diags);
  Result<ImportedPayload> result = ImportPayload(from, payload, &model, diags);
  if (!result.ok()) return result.status();
  imported.emplace(std::move(*result));
  return imported->Parse(diags);
}

int ReportOverrides(Format format, const Result<std::string>& overrides, const Diagnostics& diags) {
  if (!overrides.ok()) return Report(format, overrides.status(), diags);
  if (diags.has_errors()) {
    return Report(format, Status::InvalidPass(std::to_string(diags.error_count()) + " error(s)"), diags);
  }
  if (format == Format::kText) {
    std::cout << *overrides << "\n";
    return Report(format, Status::Ok(), diags);
  }
  return Report(format, Status::Ok(), diags, {}, {{"overrides", *overrides}});
}

int UsageError(std::string_view message) {
  std::cerr << "pkpass-build: " << message << "\n(see pkpass-build --help)\n";
  return kExitUsage;
}

}  // namespace pkpass::cli
