// Shared setup of the benchmarks: a realistic model, a signer, and one pass's overrides. Key
// generation and model loading happen once, outside every timed loop.
#ifndef PKPASS_BENCH_BENCH_FIXTURES_H_
#define PKPASS_BENCH_BENCH_FIXTURES_H_

#include <string>

#include "pkpass/pkpass.h"

namespace pkpass::bench {

// The overrides of one pass, in the shape Pass2U's create-pass payload has.
std::string Overrides(int serial);

// The sample model: fixtures/models/coffee.pass, a store card with icon, logo and strip at 1x,
// 2x and 3x and two localisations.
const Model& CoffeeModel();

// A development signer (RSA-2048), made once.
const Signer& DevSigner();

}  // namespace pkpass::bench

#endif  // PKPASS_BENCH_BENCH_FIXTURES_H_
