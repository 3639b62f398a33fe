// pkpass-build dev-identity: a throwaway signing identity. Flags and text: commands.cc.
#include <cstdlib>
#include <iostream>

#include "cli.h"
#include "commands.h"
#include "pkpass/signer.h"

namespace pkpass::cli {

int RunDevIdentity(const Invocation& in) {
  const auto dir = in.flags.Get("--out-dir");
  if (!dir || !in.flags.positional().empty()) return UsageError("dev-identity needs --out-dir DIR");
  DevIdentityOptions options;
  options.pass_type_identifier = in.flags.Get("--pass-type-id").value_or(options.pass_type_identifier);
  options.team_identifier = in.flags.Get("--team-id").value_or(options.team_identifier);
  if (const auto env = in.flags.Get("--key-pass-env")) {
    const char* value = std::getenv(env->c_str());
    if (value == nullptr || *value == '\0') {
      return UsageError("the environment variable " + *env + " is not set");
    }
    options.key_password = value;
  }
  Result<DevIdentity> identity = MakeDevIdentity(options);
  if (!identity.ok()) return Report(Format::kText, identity.status(), Diagnostics());
  if (Status written = WriteDevIdentity(*identity, *dir); !written.ok()) return Report(Format::kText, written, Diagnostics());
  std::cout << "wrote a development identity for " << options.pass_type_identifier << " (team "
            << options.team_identifier << ") to " << *dir << "\n";
  return kExitOk;
}

}  // namespace pkpass::cli
