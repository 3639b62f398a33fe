// pkpass-build identity request|import|check: a signing identity from Apple's portal. Flags and
// text: commands.cc.
#include <rapidjson/stringbuffer.h>
#include <rapidjson/writer.h>

#include <ctime>
#include <iostream>

#include "cli.h"
#include "commands.h"
#include "pkpass/files.h"
#include "pkpass/identity.h"

namespace pkpass::cli {
namespace {

std::string Utc(std::int64_t seconds) {
  const auto t = static_cast<std::time_t>(seconds);
  std::tm tm{};
  gmtime_r(&t, &tm);
  char buf[32];
  std::strftime(buf, sizeof(buf), "%Y-%m-%dT%H:%M:%SZ", &tm);
  return buf;
}

// The key's password, required: a usage error when neither flag is given.
Result<std::string> KeyPassword(const Invocation& in, bool& usage) {
  Result<std::string> password = ReadPassword(in.flags, "--key", usage);
  if (password.ok() && password->empty()) {
    usage = true;
    return Status::InvalidArgument("the key is encrypted: give --key-pass-env VAR or --key-pass-file FILE");
  }
  return password;
}

void WriteWwdr(rapidjson::Writer<rapidjson::StringBuffer>& w, const WwdrReport& wwdr) {
  w.Key("wwdr");
  w.StartObject();
  w.Key("keyId");
  w.String(wwdr.key_id);
  w.Key("generation");
  w.String(wwdr.generation);
  w.Key("url");
  w.String(wwdr.url);
  w.EndObject();
}

std::string WwdrSentence(const WwdrReport& wwdr) {
  if (wwdr.generation.empty()) {
    return "issued by an intermediate that is none of Apple's (key id " + wwdr.key_id + ")";
  }
  return "issued by Apple's WWDR " + wwdr.generation + ", " + wwdr.url;
}

int RunRequest(const Invocation& in) {
  const auto id = in.flags.Get("--pass-type-id"), team = in.flags.Get("--team-id"), dir = in.flags.Get("--out-dir");
  if (!id || !team || !dir) return UsageError("identity request needs --pass-type-id, --team-id and --out-dir");
  bool usage = false;
  Result<std::string> password = KeyPassword(in, usage);
  if (!password.ok()) return usage ? UsageError(password.status().message()) : Failed(in.format, password.status());
  Result<IdentityRequest> request =
      MakeIdentityRequest({*id, *team, in.flags.Get("--email").value_or(""), *password});
  if (!request.ok()) return Failed(in.format, request.status());
  if (Status written = WriteIdentityRequest(*request, *dir); !written.ok()) return Failed(in.format, written);
  if (in.format == Format::kJson) {
    std::cout << "{\"ok\":true,\"key\":\"key.pem\",\"request\":\"request.certSigningRequest\"}\n";
  } else {
    std::cout << "wrote " << *dir << "/key.pem (encrypted, mode 0600) and " << *dir
              << "/request.certSigningRequest.\nUpload the request in Certificates, Identifiers & Profiles > "
                 "Identifiers > "
              << *id << " > Create Certificate, download pass.cer, then run:\n  pkpass-build identity import --cer "
              << "pass.cer --key " << *dir << "/key.pem --key-pass-env VAR --out-dir " << *dir << " --p12\n";
  }
  return kExitOk;
}

int RunImport(const Invocation& in) {
  const auto cer = in.flags.Get("--cer"), key = in.flags.Get("--key"), dir = in.flags.Get("--out-dir");
  if (!cer || !key || !dir) return UsageError("identity import needs --cer, --key and --out-dir");
  bool usage = false;
  Result<std::string> password = KeyPassword(in, usage);
  if (!password.ok()) return usage ? UsageError(password.status().message()) : Failed(in.format, password.status());
  Result<std::string> cer_bytes = ReadInput(*cer);
  if (!cer_bytes.ok()) return Failed(in.format, cer_bytes.status());
  Result<std::string> key_bytes = ReadInput(*key);
  if (!key_bytes.ok()) return Failed(in.format, key_bytes.status());
  const auto p12 = in.flags.Get("--p12");
  ImportOptions options{*password, "", p12.has_value(), *password};
  if (const auto wwdr = in.flags.Get("--wwdr")) {
    Result<std::string> wwdr_bytes = ReadInput(*wwdr);
    if (!wwdr_bytes.ok()) return Failed(in.format, wwdr_bytes.status());
    options.wwdr = std::move(*wwdr_bytes);
  }
  Result<ImportedIdentity> identity = ImportIdentity(*cer_bytes, *key_bytes, options);
  if (!identity.ok()) return Failed(in.format, identity.status());
  if (Status written = WriteImportedIdentity(*identity, *dir); !written.ok()) return Failed(in.format, written);
  if (p12) {
    if (Status written = WriteFileAtomically(*p12, identity->p12, kSecretFileMode); !written.ok()) {
      return Failed(in.format, written);
    }
  }
  if (in.format == Format::kJson) {
    rapidjson::StringBuffer buffer;
    rapidjson::Writer<rapidjson::StringBuffer> w(buffer);
    w.StartObject();
    w.Key("ok");
    w.Bool(true);
    w.Key("passTypeIdentifier");
    w.String(identity->pass_type_identifier);
    w.Key("teamIdentifier");
    w.String(identity->team_identifier);
    w.Key("notAfter");
    w.String(Utc(identity->not_after));
    WriteWwdr(w, identity->wwdr);
    w.EndObject();
    std::cout << buffer.GetString() << "\n";
  } else {
    std::cout << "a Pass Type ID certificate for " << identity->pass_type_identifier << " (team "
              << identity->team_identifier << "), valid until " << Utc(identity->not_after) << ", "
              << WwdrSentence(identity->wwdr) << "\nwrote " << *dir << "/certificate.pem";
    if (p12) std::cout << " and " << *p12 << " (under the key's password)";
    if (!identity->wwdr_pem.empty()) {
      std::cout << "; the WWDR certificate issued it: wrote " << *dir << "/wwdr.pem\n";
    } else if (!identity->wwdr.url.empty()) {
      std::cout << "\nsigning also needs that WWDR certificate: download " << identity->wwdr.url
                << " and give it as --wwdr\n";
    } else {
      std::cout << "\n";
    }
  }
  return kExitOk;
}

int RunCheck(const Invocation& in) {
  bool usage = false;
  Result<Signer::Files> files = SigningFiles(in.flags, usage);
  if (!files.ok()) return usage ? UsageError(files.status().message()) : Failed(in.format, files.status());
  int warn_days = 30;
  if (const auto days = in.flags.Get("--warn-days")) {
    try {
      warn_days = std::stoi(*days);
    } catch (...) {
      return UsageError("--warn-days takes a number of days");
    }
  }
  const std::int64_t now = static_cast<std::int64_t>(std::time(nullptr));
  const IdentityCheck check = CheckIdentity(*files, now, warn_days);
  if (in.format == Format::kJson) {
    rapidjson::StringBuffer buffer;
    rapidjson::Writer<rapidjson::StringBuffer> w(buffer);
    w.StartObject();
    w.Key("ok");
    w.Bool(check.ok);
    if (!check.ok) {
      w.Key("error");
      w.String(ToValidUtf8(check.error));
    } else {
      w.Key("passTypeIdentifier");
      w.String(check.pass_type_identifier);
      w.Key("teamIdentifier");
      w.String(check.team_identifier);
      w.Key("notAfter");
      w.String(Utc(check.not_after));
      w.Key("daysLeft");
      w.Int64(check.days_left);
      WriteWwdr(w, check.wwdr);
      w.Key("wwdrNotAfter");
      w.String(Utc(check.wwdr_not_after));
      w.Key("warnings");
      w.StartArray();
      for (const std::string& warning : check.warnings) w.String(warning);
      w.EndArray();
    }
    w.EndObject();
    std::cout << buffer.GetString() << "\n";
  } else if (!check.ok) {
    std::cerr << "pkpass-build: the identity is refused: " << check.error << "\n";
  } else {
    std::cout << "a Pass Type ID identity for " << check.pass_type_identifier << " (team " << check.team_identifier
              << "): valid until " << Utc(check.not_after) << ", " << check.days_left << " days left; "
              << WwdrSentence(check.wwdr) << ", valid until " << Utc(check.wwdr_not_after) << "\n";
    for (const std::string& warning : check.warnings) std::cout << "warning: " << warning << "\n";
  }
  return check.ok ? kExitOk : kExitRejected;
}

}  // namespace

int RunIdentity(const Invocation& in) {
  const std::string step = in.positional().empty() ? "" : in.positional()[0];
  if (in.positional().size() != 1 || (step != "request" && step != "import" && step != "check")) {
    return UsageError("identity needs request, import or check");
  }
  if (step == "request") return RunRequest(in);
  if (step == "import") return RunImport(in);
  return RunCheck(in);
}

}  // namespace pkpass::cli
