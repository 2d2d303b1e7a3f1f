// placeholder until the module registry lands
