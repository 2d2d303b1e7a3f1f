// translations.h — loads the app's translation for the user's locale (and Qt's own, for standard
// buttons). The .qm files live in ../share/dendrite/translations relative to the executable, in
// the build tree and when installed alike.
#pragma once

#include <QLocale>
#include <QString>

class QCoreApplication;

namespace dendrite {

// Returns true when a Dendrite translation for `locale` was found and installed.
bool install_translations(QCoreApplication& app, const QLocale& locale = QLocale());

// Where the .qm files are: ../share/dendrite/translations from the executable's directory.
QString translations_directory();

}  // namespace dendrite
