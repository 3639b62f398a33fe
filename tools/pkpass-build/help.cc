// The command line's entry: dispatch through the table of commands, and every text written from
// it (the usage, each command's --help, the man page) and the list of diagnostic codes.
#include <algorithm>
#include <iostream>
#include <sstream>

#include "commands.h"
#include "pkpass/diagnostic_codes.h"
#include "pkpass/version.h"

namespace pkpass::cli {
namespace {

const Command* FindCommand(std::string_view name) {
  const auto it = std::find_if(Commands().begin(), Commands().end(), [&](const Command& c) { return c.name == name; });
  return it == Commands().end() ? nullptr : &*it;
}

std::string Usage() {
  std::ostringstream out;
  out << "usage: pkpass-build COMMAND [options]     (pkpass-build COMMAND --help for its flags)\n\ncommands:\n";
  for (const Command& command : Commands()) {
    out << "  " << command.name << std::string(14 - std::min<size_t>(13, command.name.size()), ' ')
        << command.summary << "\n";
  }
  out << "\n" << kGeneralHelp;
  return out.str();
}

std::string CommandHelp(const Command& command) {
  std::ostringstream out;
  out << "usage: pkpass-build " << command.name << " " << command.synopsis << "\n\n"
      << command.summary << ".\n\n" << command.details << "\n\nflags:\n";
  for (const FlagSpec& flag : command.flags) {
    std::string head = std::string(flag.name) + (flag.value.empty() ? "" : " " + std::string(flag.value));
    head.resize(std::max<size_t>(head.size() + 2, 28), ' ');
    out << "  " << head << flag.help << "\n";
  }
  return out.str();
}

// `text` for roff: backslashes and hyphens escaped, a line that would start a request guarded.
std::string Roff(std::string_view text) {
  std::string out;
  bool line_start = true;
  for (const char c : text) {
    if (line_start && (c == '.' || c == '\'')) out += "\\&";
    if (c == '\\') {
      out += "\\e";
    } else if (c == '-') {
      out += "\\-";
    } else {
      out += c;
    }
    line_start = c == '\n';
  }
  return out;
}

std::string ManPage() {
  std::ostringstream out;
  out << ".TH PKPASS-BUILD 1 \"\" \"pkpass " PKPASS_VERSION_STRING "\" \"User Commands\"\n"
      << ".SH NAME\npkpass\\-build \\- compile, validate, sign and verify Apple Wallet passes offline\n"
      << ".SH SYNOPSIS\n";
  for (const Command& command : Commands()) {
    out << ".B pkpass\\-build " << Roff(command.name) << "\n" << Roff(command.synopsis) << "\n.br\n";
  }
  out << ".SH COMMANDS\n";
  for (const Command& command : Commands()) {
    out << ".SS " << Roff(command.name) << "\n" << Roff(command.summary) << ".\n.PP\n"
        << Roff(command.details) << "\n";
    for (const FlagSpec& flag : command.flags) {
      out << ".TP\n.B " << Roff(flag.name) << (flag.value.empty() ? "" : " \\fI" + Roff(flag.value) + "\\fR")
          << "\n" << Roff(flag.help) << "\n";
    }
  }
  std::string general = Roff(kGeneralHelp);
  for (size_t at = general.find("\n\n"); at != std::string::npos; at = general.find("\n\n", at)) {
    general.replace(at, 2, "\n.PP\n");
  }
  out << ".SH NOTES\n" << general;
  return out.str();
}

// Prints `text` to `out` and returns `code`.
int Print(std::ostream& out, const std::string& text, int code) {
  out << text;
  return code;
}

}  // namespace

int Main(const std::vector<std::string>& args) {
  const std::string name = args.empty() ? "" : args.front();
  const std::string topic = args.size() > 1 ? args[1] : "";
  if (name.empty()) return Print(std::cerr, Usage(), kExitUsage);
  if (name == "--version") return Print(std::cout, "pkpass-build " PKPASS_VERSION_STRING "\n", kExitOk);
  if (name == "--help" || name == "-h" || (name == "help" && topic.empty())) return Print(std::cout, Usage(), kExitOk);
  if (name == "help" && topic == "--man") return Print(std::cout, ManPage(), kExitOk);
  const Command* command = FindCommand(name == "help" ? topic : name);
  if (command == nullptr) return UsageError("unknown command " + (name == "help" ? topic : name));
  std::vector<std::string> rest(args.begin() + 1, args.end());
  if (name == "help" || std::find(rest.begin(), rest.end(), "--help") != rest.end()) {
    return Print(std::cout, CommandHelp(*command), kExitOk);
  }
  Invocation in;
  std::string error;
  if (!in.flags.Parse(rest, command->flags, error) || !ParseFormat(in.flags, in.format, error) ||
      !ParseFrom(in.flags, in.from, error)) {
    return UsageError(error);
  }
  return command->run(in);
}

int RunCodes(const Invocation& in) {
  if (!in.positional().empty()) return UsageError("codes takes no arguments");
  if (in.format == Format::kJson) return Print(std::cout, FormatCodesJson() + "\n", kExitOk);
  for (const CodeInfo& row : Codes()) {
    std::cout << row.code << "  " << SeverityName(row.severity) << "  " << row.area << "  " << row.meaning << "\n";
  }
  return kExitOk;
}

}  // namespace pkpass::cli
