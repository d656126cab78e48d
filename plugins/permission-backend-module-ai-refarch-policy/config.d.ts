export interface Config {
  aiRefarch?: {
    permissions?: {
      /**
       * Users and groups (entity refs, e.g. group:default/platform-admins)
       * who hold every permission. Everyone else may waive scorecard rules
       * and unregister entities only where they own the entity, and may not
       * remove catalog locations.
       */
      admins?: string[];
    };
  };
}
