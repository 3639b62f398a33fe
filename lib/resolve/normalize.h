// Normalisation of a resolved pass: colours given as rgb(r,g,b), #rrggbb or #rgb (Passcreator and
// the event-ticket API use hex) become "rgb(r, g, b)"; dates stay as given but must carry the
// offset Wallet requires. Problems point at the input the value came from.
#ifndef PKPASS_RESOLVE_NORMALIZE_H_
#define PKPASS_RESOLVE_NORMALIZE_H_

#include <optional>
#include <string>
#include <string_view>

#include "pkpass/diagnostic.h"
#include "resolve/resolved_pass.h"

namespace pkpass {

// Returns `text` as "rgb(r, g, b)", or nullopt when it is no colour with components 0-255.
std::optional<std::string> NormalizeColor(std::string_view text);

// Normalises the colours of `pass` and checks its dates (expirationDate, relevantDate,
// relevantDates entries).
void Normalize(ResolvedPass& pass, Diagnostics& diags);

}  // namespace pkpass

#endif  // PKPASS_RESOLVE_NORMALIZE_H_
