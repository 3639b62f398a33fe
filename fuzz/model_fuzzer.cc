// Fuzzes a model's pass.json and pass.strings: compiling the model, then resolving and
// validating it with no overrides. The input is pass.json; when it holds a NUL byte, what
// follows the first one is en.lproj/pass.strings.
#include <cstddef>
#include <cstdint>
#include <cstdlib>
#include <fstream>
#include <iterator>
#include <map>
#include <string>

#include "pkpass/model.h"

namespace {

std::string ReadOrDie(const char* path) {
  std::ifstream in(std::string(PKPASS_SOURCE_DIR "/fixtures/models/coffee.pass/") + path,
                   std::ios::binary);
  if (!in) std::abort();
  return std::string(std::istreambuf_iterator<char>(in), {});
}

}  // namespace

extern "C" int LLVMFuzzerTestOneInput(const std::uint8_t* data, std::size_t size) {
  static const std::string icon = ReadOrDie("icon.png");
  static const std::string logo = ReadOrDie("logo.png");
  const std::string input(reinterpret_cast<const char*>(data), size);
  std::map<std::string, std::string> files = {{"icon.png", icon}, {"logo.png", logo}};
  const size_t nul = input.find('\0');
  files["pass.json"] = input.substr(0, nul);
  if (nul != std::string::npos) files["en.lproj/pass.strings"] = input.substr(nul + 1);

  pkpass::Diagnostics diags;
  pkpass::Result<pkpass::Model> model = pkpass::Model::FromFiles(files, diags);
  if (model.ok()) {
    pkpass::Diagnostics resolved;
    pkpass::Result<pkpass::ParsedOverrides> none = pkpass::ParsedOverrides::Parse("", resolved);
    (void)model->Resolve(*none, {}, resolved);
  }
  return 0;
}
