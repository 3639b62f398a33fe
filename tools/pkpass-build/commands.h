// The pkpass-build commands as one table: each command's name, synopsis, text, flags and the
// function that runs it. The usage, `pkpass-build COMMAND --help` and the man page are all
// written from this table (help.cc), and the flags a command accepts are the ones it lists.
#ifndef PKPASS_TOOLS_COMMANDS_H_
#define PKPASS_TOOLS_COMMANDS_H_

#include <string>
#include <string_view>
#include <vector>

#include "cli.h"

namespace pkpass::cli {

struct Command {
  std::string_view name;
  std::string_view synopsis;  // what follows "pkpass-build NAME"
  std::string_view summary;   // one line
  std::string_view details;   // paragraphs, lines of at most 96 characters
  std::vector<FlagSpec> flags;
  int (*run)(const Invocation&);
};

// Every command, in the order the usage lists them.
const std::vector<Command>& Commands();

// The text after the commands in the usage and the man page: what applies to several commands.
extern const std::string_view kGeneralHelp;

// Runs the command line `args` (argv without the program's name). Returns the exit code.
int Main(const std::vector<std::string>& args);

int RunBatch(const Invocation& in);
int RunBuild(const Invocation& in);
int RunBundle(const Invocation& in);
int RunCodes(const Invocation& in);
int RunConvert(const Invocation& in);
int RunDevIdentity(const Invocation& in);
int RunIdentity(const Invocation& in);
int RunImage(const Invocation& in);
int RunModel(const Invocation& in);
int RunPatch(const Invocation& in);
int RunReset(const Invocation& in);
int RunValidate(const Invocation& in);
int RunVerify(const Invocation& in);

}  // namespace pkpass::cli

#endif  // PKPASS_TOOLS_COMMANDS_H_
