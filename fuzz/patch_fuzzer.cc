// Fuzzes updates of stored overrides: an input is a stored document, a NUL byte and a patch.
// The patch is merged (PatchOverrides), and the field and attribute resets run on the stored
// document; whatever they accept must be overrides a build reads.
#include <cstddef>
#include <cstdint>
#include <string_view>

#include "overrides/parsed_overrides.h"
#include "pkpass/overrides.h"

extern "C" int LLVMFuzzerTestOneInput(const std::uint8_t* data, std::size_t size) {
  const std::string_view input(reinterpret_cast<const char*>(data), size);
  const std::size_t nul = input.find('\0');
  const std::string_view base = input.substr(0, nul);
  const std::string_view patch = nul == std::string_view::npos ? std::string_view("{}") : input.substr(nul + 1);
  pkpass::Diagnostics diags;
  for (const pkpass::Result<std::string>& out :
       {pkpass::PatchOverrides(base, patch, diags), pkpass::ResetField(base, "name", diags),
        pkpass::ResetFieldAttribute(base, "name", "label", diags), pkpass::ResetAttribute(base, "voided", diags)}) {
    if (!out.ok()) continue;
    pkpass::Diagnostics again;
    if (!pkpass::ParsedOverrides::Parse(*out, again).ok()) std::abort();  // accepted, yet unreadable
  }
  return 0;
}
