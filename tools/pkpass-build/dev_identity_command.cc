// pkpass-build dev-identity: a throwaway signing identity. Flags and text: commands.cc.
#include <cstdlib>
#include <filesystem>
#include <iostream>

#include "cli.h"
#include "commands.h"
#include "pkpass/dev_identity.h"

namespace pkpass::cli {

int RunDevIdentity(const Invocation& in) {
  const Flags& flags = in.flags;
  const auto dir = flags.Get("--out-dir");
  if (!dir || !flags.positional().empty()) return UsageError("dev-identity needs --out-dir DIR");
  DevIdentityOptions options;
  options.pass_type_identifier = flags.Get("--pass-type-id").value_or(options.pass_type_identifier);
  options.team_identifier = flags.Get("--team-id").value_or(options.team_identifier);
  if (const auto env = flags.Get("--key-pass-env")) {
    const char* value = std::getenv(env->c_str());
    if (value == nullptr || *value == '\0') {
      return UsageError("the environment variable " + *env + " is not set");
    }
    options.key_password = value;
  }
  std::error_code ec;
  std::filesystem::create_directories(*dir, ec);
  if (ec) return Report(Format::kText, Status::IoError("cannot create " + *dir), Diagnostics());
  Result<DevIdentity> identity = MakeDevIdentity(options);
  if (!identity.ok()) return Report(Format::kText, identity.status(), Diagnostics());
  const std::string base = *dir + "/";
  // mkstemp creates the temp file 0600, and it keeps that mode: the key is never readable by others.
  Status s = WriteFileAtomically(base + "signer.key", identity->signer_key_pem, 0600);
  for (const auto& [name, pem] : {std::pair{"root.pem", &identity->root_pem},
                                  std::pair{"wwdr.pem", &identity->wwdr_pem},
                                  std::pair{"signer.pem", &identity->signer_cert_pem}}) {
    if (s.ok()) s = WriteFileAtomically(base + name, *pem);
  }
  if (!s.ok()) return Report(Format::kText, s, Diagnostics());
  std::cout << "wrote a development identity for " << options.pass_type_identifier << " (team "
            << options.team_identifier << ") to " << *dir << "\n";
  return kExitOk;
}

}  // namespace pkpass::cli
