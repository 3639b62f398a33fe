// Internals: the one way the library reaches the hidden implementation of its public values.
// Model, Signer, PreparedPass and ParsedOverrides each keep a private constructor from their Impl and a private
// impl_, and name this class, and nothing else, their friend. Internal: never installed.
#ifndef PKPASS_INTERNALS_H_
#define PKPASS_INTERNALS_H_

#include <memory>
#include <utility>

#include "pkpass/model.h"
#include "pkpass/overrides.h"
#include "pkpass/prepared_pass.h"
#include "pkpass/signer.h"

namespace pkpass {

class Internals {
 public:
  static Model MakeModel(std::shared_ptr<const Model::Impl> impl) { return Model(std::move(impl)); }
  static const Model::Impl& Get(const Model& model) { return *model.impl_; }

  static const Signer::Impl& Get(const Signer& signer) { return *signer.impl_; }

  // Defined in prepared_pass.cc, where PreparedPass::Impl is complete.
  static PreparedPass MakePreparedPass(std::unique_ptr<PreparedPass::Impl> impl);

  // Defined in overrides/parsed_overrides.cc, where ParsedOverrides::Impl is complete.
  static ParsedOverrides MakeParsedOverrides(std::unique_ptr<ParsedOverrides::Impl> impl);
  static const ParsedOverrides::Impl& Get(const ParsedOverrides& o) { return *o.impl_; }
  static std::string& Scratch(ArchivePieces& pieces) { return pieces.scratch_; }
  static Signer MakeSigner(std::shared_ptr<const Signer::Impl> impl) { return Signer(std::move(impl)); }
  static ParsedOverrides::Impl& Get(ParsedOverrides& o) { return *o.impl_; }
};

}  // namespace pkpass

#endif  // PKPASS_INTERNALS_H_
