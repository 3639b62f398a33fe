#include "resolve/resolved_pass.h"

namespace pkpass {

void ResolvedPass::Report(Diagnostics& diags, Severity severity, std::string_view code,
                          const JsonPointer& resolved, std::string message) const {
  SourceLocation at = provenance.Locate(resolved.view());
  diags.Add({severity, code, std::move(at.file), std::move(at.pointer), std::move(message)});
}

}  // namespace pkpass
