#pragma once
// The main window's screens in one table: for each, its place in the
// navigation, its page's object name (which keys its help), its icon, its
// Alt+digit shortcut and the name of its screenshot. The window, the list of
// shortcuts, the help and the screenshots all read this table, and it is
// checked at compile time, so they cannot drift apart by position. Adding a
// screen: docs/DESIGN.md, "Adding things".

#include "codec/exhaustive.h"

#include <QKeySequence>

#include <array>

namespace ui {

// A namespace of their own keeps the enumerators (Overview, Settings, …) out
// of ui::; MainWindow brings them into its scope (MainWindow::Votes).
namespace screens {

// In navigation order: Alt+1 shows the first.
enum Screen : int { Overview, Votes, Crowdfunding, Trade, Plants, Members, Energy, Activity, Settings };

// A case for each screen and no default: -Werror=switch makes a new screen
// fail to compile here, and kScreenCount's check below until it is counted.
constexpr bool is_enumerator(Screen screen) {
    switch (screen) {
    case Overview:
    case Votes:
    case Crowdfunding:
    case Trade:
    case Plants:
    case Members:
    case Energy:
    case Activity:
    case Settings: return true;
    }
    return false;
}

} // namespace screens

using screens::Screen;

inline constexpr int kScreenCount = screens::Settings + 1;
static_assert(chain::enumerators_span<Screen>(0, kScreenCount - 1));

struct ScreenInfo {
    Screen id;
    const char* page_name;       // the object name its page gives itself; screenHelp() is keyed by it
    const char* icon;            // in the navigation, from resources/rateio.qrc
    int shortcut_digit;          // Alt+digit shows the screen
    const char* screenshot_name; // docs/screenshots/<language>-<NN>-<name>.png, NN = position + 1
};

inline constexpr std::array<ScreenInfo, kScreenCount> kScreens{{
    {screens::Overview, "overviewPage", ":/icons/overview.svg", 1, "overview"},
    {screens::Votes, "votesPage", ":/icons/votes.svg", 2, "votes"},
    {screens::Crowdfunding, "crowdfundingPage", ":/icons/crowdfunding.svg", 3, "crowdfunding"},
    {screens::Trade, "tradePage", ":/icons/trade.svg", 4, "trade"},
    {screens::Plants, "plantsPage", ":/icons/plants.svg", 5, "plants"},
    {screens::Members, "membersPage", ":/icons/members.svg", 6, "members"},
    {screens::Energy, "energyPage", ":/icons/energy.svg", 7, "energy"},
    {screens::Activity, "activityPage", ":/icons/activity.svg", 8, "activity"},
    {screens::Settings, "settingsPage", ":/icons/settings.svg", 9, "settings"},
}};

// Entry i describes screen i (a missing entry is value-initialised and fails
// here too), every name is given, and the shortcuts follow the navigation.
constexpr bool screensInOrder() {
    for (int i = 0; i < kScreenCount; ++i) {
        const ScreenInfo& info = kScreens[std::size_t(i)];
        if (info.id != i || info.shortcut_digit != i + 1) return false;
        if (!info.page_name || !info.icon || !info.screenshot_name) return false;
    }
    return true;
}
static_assert(screensInOrder(), "kScreens must list every screen once, in enum order, with Alt+1… in that order");
// One digit each: a tenth screen needs another kind of shortcut.
static_assert(kScreenCount <= 9);

constexpr const ScreenInfo& screenInfo(Screen screen) { return kScreens[std::size_t(screen)]; }

// Alt+digit, the keys that show `screen`.
inline QKeySequence screenShortcut(Screen screen) {
    return QKeySequence(Qt::ALT | Qt::Key(Qt::Key_0 + screenInfo(screen).shortcut_digit));
}

} // namespace ui
