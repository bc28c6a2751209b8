/** The campaigns area's endpoints: campaigns, their log and performance, contacts, the inbox and unsubscribe links. */
package com.subdecide.campaigns.web;
