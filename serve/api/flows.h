// The steps every vendor's create and update share: the vendor's body imported (pkpass/import.h)
// into native overrides, then made or applied through Passes, with a refusal's diagnostics
// pointing into the body the client sent.
#ifndef PKPASS_SERVE_API_FLOWS_H_
#define PKPASS_SERVE_API_FLOWS_H_

#include <cstdint>
#include <string_view>

#include "passes.h"

namespace pkpass::serve {

// Seconds since the Unix epoch, now.
std::int64_t Now();

// Creates a pass of `vendor`'s model `model_id` from `body`, a create payload in `format`.
Outcome CreateFromPayload(Passes& passes, PayloadFormat format, std::string_view vendor, std::string_view model_id,
                          std::string_view body);

// Applies `body`, an update in `format`, to the pass `ref` names, as a patch.
Outcome UpdateFromBody(Passes& passes, PayloadFormat format, const PassRef& ref, std::string_view body);

// Replaces the pass `ref` names with `body`, a create payload in `format` (Passcreator's POST
// update): what the body does not give returns to the model's, and the serial stays.
Outcome ReplaceFromPayload(Passes& passes, PayloadFormat format, const PassRef& ref, std::string_view body);

}  // namespace pkpass::serve

#endif  // PKPASS_SERVE_API_FLOWS_H_
