// Normalisation of a resolved pass: colours given as rgb(r,g,b), #rrggbb or #rgb (Passcreator and
// the event-ticket API use hex) become "rgb(r, g, b)". The validator reports what is no colour.
#ifndef PKPASS_RESOLVE_NORMALIZE_H_
#define PKPASS_RESOLVE_NORMALIZE_H_

#include "resolve/resolved_pass.h"

namespace pkpass {

// Writes every colour key of `pass` (the top-level rows of Format::kColor) that is a colour as
// "rgb(r, g, b)"; leaves any other value as it is, for the validator to report.
void Normalize(ResolvedPass& pass);

}  // namespace pkpass

#endif  // PKPASS_RESOLVE_NORMALIZE_H_
