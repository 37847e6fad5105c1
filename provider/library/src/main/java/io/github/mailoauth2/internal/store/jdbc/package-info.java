/**
 * The token store on a relational database ({@code mail.oauth2.store=jdbc:…}, or an application's
 * {@code DataSource}), for instances that share accounts without sharing a file system. Internal:
 * not API.
 */
package io.github.mailoauth2.internal.store.jdbc;
