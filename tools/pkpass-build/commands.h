// The pkpass-build subcommands. Each takes the arguments after its name and returns the exit code.
#ifndef PKPASS_TOOLS_COMMANDS_H_
#define PKPASS_TOOLS_COMMANDS_H_

#include <string>
#include <vector>

namespace pkpass::cli {

int RunBatch(const std::vector<std::string>& args);
int RunBuild(const std::vector<std::string>& args);
int RunBundle(const std::vector<std::string>& args);
int RunConvert(const std::vector<std::string>& args);
int RunModel(const std::vector<std::string>& args);
int RunPatch(const std::vector<std::string>& args);
int RunReset(const std::vector<std::string>& args);
int RunValidate(const std::vector<std::string>& args);
int RunVerify(const std::vector<std::string>& args);
int RunDevIdentity(const std::vector<std::string>& args);

}  // namespace pkpass::cli

#endif  // PKPASS_TOOLS_COMMANDS_H_
