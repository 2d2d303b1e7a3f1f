// translations.h — loads the app's translation for the user's locale (and Qt's own, for standard
// buttons). The .qm files live in ../share/dendrite/translations relative to the executable, in
// the build tree and when installed alike.
#pragma once

#include <QLocale>

class QCoreApplication;

namespace dendrite {

// Returns true when a Dendrite translation for `locale` was found and installed.
bool install_translations(QCoreApplication& app, const QLocale& locale = QLocale());

}  // namespace dendrite
